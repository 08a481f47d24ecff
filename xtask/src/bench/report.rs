//! From k passes of paired measurements to the report: each row's median with its min-max,
//! the ratio computed pair by pair (never from two medians), noise and impossible figures
//! marked, and the markdown `cargo xtask bench` writes.

use std::fmt::Write;

use crate::bench::goal::{self, Goal, Verdict};
use crate::bench::history::Comparison;
use crate::bench::stats::{self, Flag, Spread};
use crate::bench::{Figure, Kind, Row};

/// One row over every pass.
#[derive(Debug, Clone)]
pub struct Summary {
    /// What is measured.
    pub label: String,
    /// Unit of the Rust and Python figures.
    pub unit: &'static str,
    /// Rust's figure over the passes.
    pub rust: Option<Spread>,
    /// Python's, if measured.
    pub python: Option<Spread>,
    /// Rust vs Python (>1: Rust better), pair by pair.
    pub advantage: Option<Spread>,
    /// Whether the row's claim is lost in its spread (for a row with a goal: whether its
    /// pairs disagree on the goal).
    pub noise: bool,
    /// The row's goal, if it has one, and what its pairs say about it.
    pub goal: Option<(Goal, Verdict)>,
    /// Figures that cannot be right.
    pub flags: Vec<Flag>,
}

impl Summary {
    /// Whether the row is a parallel speedup (drawn against the core count).
    pub fn is_speedup(&self) -> bool {
        self.unit == "x"
    }
}

/// Summarises `passes` (one `Vec<Figure>` per pass, each in `rows`' order) row by row.
pub fn summarize(rows: &[Row], passes: &[Vec<Figure>], cores: usize) -> Vec<Summary> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let of = |f: fn(&Figure) -> Option<f64>| -> Vec<f64> {
                passes.iter().filter_map(|p| p.get(i).and_then(f)).collect()
            };
            let rust = Spread::of(&of(|f| f.rust));
            let python_samples = of(|f| f.python);
            let python = Spread::of(&python_samples);
            let advantage = Spread::of(&of(|f| f.advantage));
            let mut flags = Vec::new();
            // The row's own claim: Rust against Python where both ran, else the Rust ratio
            // itself for the rows that are ratios (speedups, overheads), else nothing.
            let claim = match (&advantage, &row.kind) {
                (Some(a), _) => Some(*a),
                (
                    None,
                    Kind::Speedup { .. }
                    | Kind::Overhead { .. }
                    | Kind::Alternating { .. }
                    | Kind::Ratio { .. },
                ) => rust,
                _ => None,
            };
            match row.kind {
                Kind::Speedup { .. } => {
                    flags.extend(rust.and_then(|s| stats::speedup_flag("Rust", &s, cores)));
                    flags.extend(python.and_then(|s| stats::speedup_flag("Python", &s, cores)));
                }
                Kind::Overhead { .. } | Kind::Alternating { floor: true, .. } => {
                    flags.extend(rust.and_then(|s| stats::overhead_flag(&s)))
                }
                // Not ours over what we are built on: either side may be cheaper.
                Kind::Ratio { .. }
                | Kind::Alternating { floor: false, .. }
                | Kind::Cost { .. }
                | Kind::Rate { .. }
                | Kind::WallMs { .. }
                | Kind::Count { .. } => {}
            }
            if let Some(key) = row.python {
                flags.extend(stats::python_flag(key, &python_samples));
            }
            let goal = goal::of(row.label).and_then(|g| claim.map(|c| (g, g.judge(&c))));
            Summary {
                label: row.label.to_owned(),
                unit: passes
                    .iter()
                    .find_map(|p| p.get(i).map(|f| f.unit))
                    .unwrap_or(""),
                rust,
                python,
                advantage,
                noise: match goal {
                    Some((_, verdict)) => verdict == Verdict::Noise,
                    None => claim.is_some_and(|c| stats::is_noise(&c)),
                },
                goal,
                flags,
            }
        })
        .collect()
}

/// What the report says about where and how it was measured.
pub struct Header {
    /// When (UTC), as `date -u` would say it.
    pub date: String,
    /// The machine, in one line: cores, CPU model, kernel.
    pub machine: String,
    /// Which mode (`--quick`, default, `--precise`).
    pub mode: &'static str,
    /// Pairs per ratio.
    pub pairs: usize,
    /// How long the whole measurement took.
    pub took: std::time::Duration,
    /// What `--only` left out, as a paragraph ([`crate::bench::only::Only::markdown`]);
    /// empty when everything was measured.
    pub scope: String,
}

/// The markdown report: a header, the table (with, if there was a previous run, whether each
/// row agrees with it), the flags, and what "noise" means.
pub fn markdown(header: &Header, rows: &[Summary], previous: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Benchmarks: Rust and Python on the same machine\n");
    let _ = writeln!(
        s,
        "Written by `cargo xtask bench{}` on {} ({} pairs a ratio, {} in all).  \n{}\n",
        header.mode,
        header.date,
        header.pairs,
        crate::table::human(header.took),
        header.machine
    );
    s.push_str(&header.scope);
    let _ = writeln!(
        s,
        "Each ratio is the median of {} paired samples, the two sides measured one after the \
         other (A B A B...), with the smallest and largest pair in brackets; a Rust side's \
         figure in a pair is criterion's median sample. A row marked \
         *noise* has pairs that disagree on which side is better, or a range wider than the \
         figure itself: read it as no result. A row with a goal is judged against it instead \
         (a lock at the cost of a mutex is the goal, and its pairs fall on both sides of 1 \
         by chance): met when every pair keeps it, **not met** when none does, *noise* when \
         the pairs disagree on it. A row is **flagged** when every pair is beyond a \
         physical limit (a speedup above the core count, ours below 0.9x of the primitive it is \
         built on) or a Python figure is zero: a benchmark that lies, which fails the command. \
         Speedups are sequential time over parallel time on the same work (the limit is the \
         core count).\n",
        header.pairs
    );
    let _ = writeln!(s, "{}\n", previous.summary());
    let column = previous.column();
    let _ = writeln!(
        s,
        "| measure | unit | Rust | Python | Rust vs Python | |{}",
        column.as_ref().map_or(String::new(), |c| format!(" {c} |"))
    );
    let _ = writeln!(
        s,
        "|---|---|---:|---:|---:|---|{}",
        if column.is_some() { "---|" } else { "" }
    );
    for (i, r) in rows.iter().enumerate() {
        let note = if !r.flags.is_empty() {
            "**flagged**".to_owned()
        } else if let Some((g, v)) = r.goal {
            format!("goal {}: {}", g.text(), v.mark())
        } else if r.noise {
            "*noise*".to_owned()
        } else {
            String::new()
        };
        let agrees = match column {
            Some(_) => format!(" {} |", previous.cell(i)),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {note} |{agrees}",
            r.label,
            r.unit,
            r.rust.map_or("not run".into(), |v| spread(&v, num)),
            r.python.map_or("-".into(), |v| spread(&v, num)),
            r.advantage
                .map_or("-".into(), |v| spread(&v, |x| format!("{x:.2}x"))),
        );
    }
    let flags: Vec<String> = rows
        .iter()
        .flat_map(|r| r.flags.iter().map(move |f| format!("- {}: {f}", r.label)))
        .collect();
    if !flags.is_empty() {
        let _ = writeln!(s, "\n## Flagged: figures that cannot be right\n");
        for f in flags {
            let _ = writeln!(s, "{f}");
        }
    }
    s
}

/// `median [min-max]`.
fn spread(v: &Spread, fmt: impl Fn(f64) -> String) -> String {
    if v.n < 2 {
        return fmt(v.median);
    }
    format!("{} [{}–{}]", fmt(v.median), fmt(v.min), fmt(v.max))
}

/// A figure with as many digits as it deserves.
pub fn num(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::Kind;

    fn pass(rust: f64, python: f64, advantage: f64) -> Vec<Figure> {
        vec![Figure {
            unit: "ns",
            rust: Some(rust),
            python: Some(python),
            advantage: Some(advantage),
        }]
    }

    const SPAWN: Row = Row {
        label: "spawn",
        kind: Kind::Cost { id: "spawn" },
        python: Some("spawn"),
    };

    #[test]
    fn the_ratio_is_the_median_of_the_pairs_not_of_the_medians() {
        let passes = [
            pass(10.0, 100.0, 10.0),
            pass(20.0, 400.0, 20.0),
            pass(40.0, 480.0, 12.0),
        ];
        let s = &summarize(&[SPAWN], &passes, 2)[0];
        assert_eq!(s.advantage.unwrap().median, 12.0);
        assert_eq!(s.rust.unwrap().median, 20.0);
        assert_eq!(s.python.unwrap().median, 400.0);
        assert!(!s.noise);
    }

    #[test]
    fn a_row_whose_spread_is_wider_than_its_claim_is_marked_noise() {
        // The "20.9x in one run and 9.6x in the next", with a third in between.
        let passes = [
            pass(1.0, 20.9, 20.9),
            pass(1.0, 9.6, 9.6),
            pass(1.0, 3.0, 3.0),
        ];
        let s = &summarize(&[SPAWN], &passes, 2);
        assert!(s[0].noise);
        let md = markdown(
            &Header {
                date: "today".into(),
                machine: "2 cores".into(),
                mode: " --quick",
                pairs: 3,
                took: std::time::Duration::from_secs(90),
                scope: String::new(),
            },
            s,
            &Comparison::of(s, None),
        );
        assert!(md.contains("| spawn | ns | 1.00 [1.00–1.00] | 9.60 [3.00–20.90] | 9.60x [3.00x–20.90x] | *noise* |"), "{md}");
    }

    #[test]
    fn a_row_with_a_goal_is_marked_by_what_its_pairs_say_of_the_goal() {
        let lock = Row {
            label: "Lock over std Mutex, uncontended",
            kind: Kind::Ratio {
                num: "lock",
                den: "mutex",
                unit_label: "x std Mutex",
            },
            python: None,
        };
        let ratio = |r: f64| {
            vec![Figure {
                unit: "x std Mutex",
                rust: Some(r),
                python: None,
                advantage: None,
            }]
        };
        let header = Header {
            date: "today".into(),
            machine: "2 cores".into(),
            mode: "",
            pairs: 3,
            took: std::time::Duration::from_secs(90),
            scope: String::new(),
        };
        // Both sides of 1 (the plain rule's noise), every pair within 1.2: met.
        let s = summarize(&[lock], &[ratio(0.95), ratio(1.04), ratio(1.1)], 2);
        assert!(!s[0].noise);
        let md = markdown(&header, &s, &Comparison::of(&s, None));
        assert!(md.contains("| goal ≤ 1.20: met |"), "{md}");
        // Both sides of 1.2: noise, said as the goal's.
        let s = summarize(&[lock], &[ratio(0.95), ratio(1.04), ratio(1.3)], 2);
        assert!(s[0].noise);
        let md = markdown(&header, &s, &Comparison::of(&s, None));
        assert!(md.contains("| goal ≤ 1.20: *noise* |"), "{md}");
    }

    #[test]
    fn an_impossible_speedup_is_flagged_in_the_report() {
        let row = Row {
            label: "Pool(2).map vs sequential",
            kind: Kind::Speedup { seq: "s", par: "p" },
            python: Some("pool.speedup_2"),
        };
        let f = |py: f64| {
            vec![Figure {
                unit: "x",
                rust: Some(1.9),
                python: Some(py),
                advantage: Some(1.9 / py),
            }]
        };
        let s = summarize(&[row], &[f(2.1), f(2.18), f(2.3)], 2);
        assert_eq!(s[0].flags.len(), 1, "{:?}", s[0].flags);
        let md = markdown(
            &Header {
                date: "today".into(),
                machine: "2 cores".into(),
                mode: "",
                pairs: 3,
                took: std::time::Duration::from_secs(1),
                scope: String::new(),
            },
            &s,
            &Comparison::of(&s, None),
        );
        assert!(
            md.contains("**flagged**") && md.contains("Python speedup 2.18x"),
            "{md}"
        );
    }

    fn ratio_pass(unit: &'static str, ratio: f64) -> Vec<Figure> {
        vec![Figure {
            unit,
            rust: Some(ratio),
            python: None,
            advantage: None,
        }]
    }

    #[test]
    fn a_plain_ratio_below_the_floor_is_not_flagged_but_an_overhead_is() {
        let ratio = Row {
            label: "our Queue over crossbeam",
            kind: Kind::Ratio {
                num: "ours",
                den: "crossbeam",
                unit_label: "x crossbeam",
            },
            python: None,
        };
        let overhead = Row {
            label: "Lock over std Mutex",
            kind: Kind::Overhead {
                ours: "Lock",
                raw: "std Mutex",
            },
            python: None,
        };
        let passes: Vec<Vec<Figure>> = [0.5, 0.6, 0.55]
            .iter()
            .map(|r| ratio_pass("x", *r))
            .collect();
        let s = summarize(&[ratio], &passes, 2);
        assert!(s[0].flags.is_empty(), "{:?}", s[0].flags);
        assert!(!s[0].noise, "a steady 0.55x is a figure");
        let s = summarize(&[overhead], &passes, 2);
        assert!(
            matches!(s[0].flags[..], [Flag::FasterThanItsPrimitive { .. }]),
            "{:?}",
            s[0].flags
        );
    }

    #[test]
    fn an_overhead_measured_in_alternation_is_flagged_below_the_floor_too() {
        let alternating = Row {
            label: "Process fork over raw fork+waitpid",
            kind: Kind::Alternating {
                id: "fork/paired",
                unit_label: "x over raw",
                floor: true,
            },
            python: None,
        };
        let passes: Vec<Vec<Figure>> = [0.5, 0.6, 0.55]
            .iter()
            .map(|r| ratio_pass("x over raw", *r))
            .collect();
        let s = summarize(&[alternating], &passes, 2);
        assert!(
            matches!(s[0].flags[..], [Flag::FasterThanItsPrimitive { .. }]),
            "{:?}",
            s[0].flags
        );
    }

    #[test]
    fn a_python_zero_is_flagged_in_the_report() {
        let row = Row {
            label: "sleeps",
            kind: Kind::WallMs { id: "sleeps" },
            python: Some("asyncio.sleeps_100ms"),
        };
        let f = |py: f64| {
            vec![Figure {
                unit: "ms",
                rust: Some(105.0),
                python: Some(py),
                advantage: Some(py / 105.0),
            }]
        };
        let s = summarize(&[row], &[f(109.0), f(0.0), f(110.0)], 2);
        assert!(
            matches!(&s[0].flags[..], [Flag::PythonNotMeasured { key, .. }] if key == "asyncio.sleeps_100ms"),
            "{:?}",
            s[0].flags
        );
    }
}
