//! Ratios measured in alternation, for the benches whose two sides must see the same machine.
//!
//! `cargo xtask bench` pairs a row's two sides A B A B, each side a criterion benchmark of a
//! few seconds. On a shared 2-core VM that is too coarse for two things: a fork, whose cost
//! moves with the host's cross-core wake-ups, and two threads contending for a lock, where
//! one sample in five ran both threads on one CPU. [`Alternation`] is a criterion
//! measurement whose "time" is a ratio: the bench times both sides inside each sample, one
//! after the other, and returns ours over theirs, so each sample is a pair.
//!
//! ```
//! use criterion::Criterion;
//! use interleaving::alternation::{Alternation, ratio};
//!
//! let mut c = Criterion::default().with_measurement(Alternation);
//! let mut g = c.benchmark_group("doc");
//! g.sample_size(10).measurement_time(std::time::Duration::from_millis(10));
//! g.bench_function("sum over nothing", |b| {
//!     b.iter_custom(|iters| {
//!         ratio(iters, |_| (0..100u64).sum::<u64>(), |_| std::hint::black_box(0u64))
//!     })
//! });
//! g.finish();
//! ```

use std::time::{Duration, Instant};

use criterion::Throughput;
use criterion::measurement::{Measurement, ValueFormatter};

/// A criterion measurement whose figure per iteration is a ratio of two times, as returned
/// by [`ratio`] from `iter_custom` (criterion still sizes its runs by the wall clock).
#[derive(Debug, Clone, Copy, Default)]
pub struct Alternation;

impl Measurement for Alternation {
    type Intermediate = ();
    type Value = f64;
    fn start(&self) {}
    fn end(&self, (): ()) -> f64 {
        0.0 // only `iter_custom` measures with it
    }
    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }
    fn zero(&self) -> f64 {
        0.0
    }
    fn to_f64(&self, v: &f64) -> f64 {
        *v
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self
    }
}

impl ValueFormatter for Alternation {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "x"
    }
    fn scale_throughputs(&self, _: f64, _: &Throughput, _values: &mut [f64]) -> &'static str {
        "x"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "x"
    }
}

/// Runs `ours(i)` and `theirs(i)` for `i` in `0..iters`, alternating which goes first, and
/// returns the time of ours over the time of theirs, times `iters`: what `iter_custom` must
/// return for criterion to report the ratio as the figure per iteration.
pub fn ratio<A, B>(
    iters: u64,
    mut ours: impl FnMut(u64) -> A,
    mut theirs: impl FnMut(u64) -> B,
) -> f64 {
    let (mut o, mut t) = (Duration::ZERO, Duration::ZERO);
    for i in 0..iters {
        let mut ours_now = || {
            let t0 = Instant::now();
            std::hint::black_box(ours(i));
            t0.elapsed()
        };
        if i % 2 == 0 {
            o += ours_now();
            let t0 = Instant::now();
            std::hint::black_box(theirs(i));
            t += t0.elapsed();
        } else {
            let t0 = Instant::now();
            std::hint::black_box(theirs(i));
            t += t0.elapsed();
            o += ours_now();
        }
    }
    o.as_secs_f64() / t.as_secs_f64().max(f64::MIN_POSITIVE) * iters as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_runs_once_per_iteration_and_which_goes_first_alternates() {
        let calls = std::cell::RefCell::new(Vec::new());
        let r = ratio(
            4,
            |i| calls.borrow_mut().push(("ours", i)),
            |i| calls.borrow_mut().push(("theirs", i)),
        );
        assert_eq!(
            calls.into_inner(),
            [
                ("ours", 0),
                ("theirs", 0),
                ("theirs", 1),
                ("ours", 1),
                ("ours", 2),
                ("theirs", 2),
                ("theirs", 3),
                ("ours", 3),
            ]
        );
        assert!(r.is_finite() && r >= 0.0, "{r}");
    }
}
