//! What a handful of paired samples can honestly say: the median ratio with its min-max, when
//! that spread is too wide for the claim (noise), and when a figure is physically impossible
//! (a flag, which fails `cargo xtask bench` unless `--allow-flags`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The median of some samples and the range they span.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// The middle sample (the mean of the two middle ones for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// How many samples.
    pub n: usize,
}

impl Spread {
    /// The spread of the finite values among `samples` (`[3, 1, 2]` gives median 2 in 1..3);
    /// `None` when there are none.
    pub fn of(samples: &[f64]) -> Option<Spread> {
        let mut v: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Some(Spread {
            median,
            min: v[0],
            max: v[n - 1],
            n,
        })
    }

    /// How wide the range is against the median: (max - min) / median.
    pub fn relative_width(&self) -> f64 {
        if self.median == 0.0 {
            f64::INFINITY
        } else {
            (self.max - self.min) / self.median.abs()
        }
    }

    /// Whether the range holds `x`.
    pub fn contains(&self, x: f64) -> bool {
        self.min <= x && x <= self.max
    }
}

/// A range wider than this (max - min over the median) says more about the machine than
/// about the code: half the figure either way.
pub const NOISE_WIDTH: f64 = 1.0;

/// Whether a ratio "A is r times better than B" is noise rather than a figure: its pairs
/// disagree on which side is better (the range holds 1), or the range is wider than the
/// median itself.
pub fn is_noise(ratio: &Spread) -> bool {
    ratio.n < 2 || ratio.contains(1.0) || ratio.relative_width() > NOISE_WIDTH
}

/// A figure that cannot be right, whatever the machine did.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    /// A parallel speedup above the number of cores: the sequential side was slowed down, or
    /// the two sides did not do the same work.
    SpeedupAboveCores {
        /// Whose speedup (Rust or Python).
        side: &'static str,
        /// The median speedup.
        speedup: f64,
        /// The core count.
        cores: usize,
    },
    /// Our layer measured faster than the primitive it is built on (below 0.9x of it).
    FasterThanItsPrimitive {
        /// The median ratio ours / raw.
        ratio: f64,
    },
    /// A Python figure that is zero, negative or not a number.
    PythonNotMeasured {
        /// The bench.py key.
        key: String,
        /// What it gave.
        value: f64,
    },
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flag::SpeedupAboveCores {
                side,
                speedup,
                cores,
            } => write!(
                f,
                "{side} speedup {speedup:.2}x is above the {cores} cores: the sides did not do the same work, or the sequential one was slowed down"
            ),
            Flag::FasterThanItsPrimitive { ratio } => write!(
                f,
                "ours at {ratio:.2}x of the raw primitive: a layer cannot beat what it is built on (below 0.9x)"
            ),
            Flag::PythonNotMeasured { key, value } => {
                write!(f, "Python figure {key} = {value}: not a measurement")
            }
        }
    }
}

/// The lowest believable ratio of our layer over its raw primitive.
pub const PRIMITIVE_FLOOR: f64 = 0.9;

/// Flags a speedup on `cores` cores when every pair is above the core count: one noisy pair
/// is noise (and marked so), every pair beyond the limit is a benchmark that lies.
pub fn speedup_flag(side: &'static str, speedup: &Spread, cores: usize) -> Option<Flag> {
    (speedup.min > cores as f64).then_some(Flag::SpeedupAboveCores {
        side,
        speedup: speedup.median,
        cores,
    })
}

/// Flags an overhead (ours over raw) when every pair is below the floor.
pub fn overhead_flag(ratio: &Spread) -> Option<Flag> {
    (ratio.max < PRIMITIVE_FLOOR).then_some(Flag::FasterThanItsPrimitive {
        ratio: ratio.median,
    })
}

/// Flags for Python's raw samples of one key: any that is not a positive number.
pub fn python_flag(key: &str, samples: &[f64]) -> Option<Flag> {
    samples
        .iter()
        .find(|v| !(v.is_finite() && **v > 0.0))
        .map(|v| Flag::PythonNotMeasured {
            key: key.to_owned(),
            value: *v,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[f64]) -> Spread {
        Spread::of(v).unwrap()
    }

    #[test]
    fn spread_is_median_min_max_of_the_finite_samples() {
        assert_eq!(
            s(&[3.0, 1.0, 2.0]),
            Spread {
                median: 2.0,
                min: 1.0,
                max: 3.0,
                n: 3
            }
        );
        assert_eq!(s(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
        assert_eq!(s(&[f64::NAN, 5.0]).n, 1);
        assert_eq!(Spread::of(&[f64::INFINITY]), None);
        assert_eq!(Spread::of(&[]), None);
    }

    #[test]
    fn a_ratio_whose_pairs_disagree_on_the_winner_is_noise() {
        assert!(is_noise(&s(&[0.8, 1.3, 1.1])));
        assert!(!is_noise(&s(&[1.8, 2.1, 1.9])));
    }

    #[test]
    fn a_ratio_wider_than_itself_is_noise() {
        assert!(is_noise(&s(&[5.0, 12.0, 20.9])));
        assert!(!is_noise(&s(&[9.6, 12.0, 11.0])));
    }

    #[test]
    fn one_pair_is_never_a_figure() {
        assert!(is_noise(&s(&[5.0])));
    }

    #[test]
    fn a_speedup_above_the_core_count_is_flagged() {
        // Python's Pool(2).map "2.18x faster than sequential on 2 cores" from the issue.
        let f = speedup_flag("Python", &s(&[2.1, 2.18, 2.3]), 2).unwrap();
        assert!(f.to_string().contains("2.18x is above the 2 cores"), "{f}");
        assert_eq!(speedup_flag("Rust", &s(&[1.8, 1.9, 1.95]), 2), None);
        // One pair above the limit among believable ones is noise, not a lie.
        assert_eq!(speedup_flag("Rust", &s(&[1.7, 2.3, 2.4]), 2), None);
    }

    #[test]
    fn beating_the_raw_primitive_is_flagged() {
        assert!(overhead_flag(&s(&[0.8, 0.85, 0.88])).is_some());
        assert_eq!(overhead_flag(&s(&[0.95, 1.0, 1.2])), None);
        assert_eq!(overhead_flag(&s(&[0.66, 0.89, 1.2])), None);
    }

    #[test]
    fn a_python_zero_is_flagged() {
        assert!(python_flag("asyncio.sleeps", &[110.0, 0.0]).is_some());
        assert!(python_flag("asyncio.sleeps", &[f64::NAN]).is_some());
        assert_eq!(python_flag("asyncio.sleeps", &[110.0, 111.0]), None);
    }
}
