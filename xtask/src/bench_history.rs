//! The previous run, kept (`target/bench/last.json`, one file per mode), so each report can
//! say, row by row, whether its figures agree with the last run's: two runs agree on a figure
//! when each one's median lies within the other's min-max. A looser reading is said too: the
//! two ranges overlap (some value lies in both). With 4 pairs a ratio, the strict rule fails
//! on rows whose range is 0.5% wide and moved by 0.6%; a figure whose ranges do not even
//! overlap between two runs is the machine talking, not the code.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::bench_exec::Mode;
use crate::bench_report::{Summary, num};
use crate::bench_stats::Spread;

/// One run's figures, as kept for the next run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// When it ran, as the report's header says it.
    pub date: String,
    /// Its rows, by label.
    pub rows: Vec<Figures>,
}

/// One row's figures in a kept run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// The row's label (rows are matched by it).
    pub label: String,
    /// Rust's figure.
    pub rust: Option<Spread>,
    /// Python's.
    pub python: Option<Spread>,
    /// Rust vs Python.
    pub advantage: Option<Spread>,
}

impl Run {
    /// The run made of a report's rows.
    pub fn of(date: &str, rows: &[Summary]) -> Run {
        Run {
            date: date.to_owned(),
            rows: rows
                .iter()
                .map(|r| Figures {
                    label: r.label.clone(),
                    rust: r.rust,
                    python: r.python,
                    advantage: r.advantage,
                })
                .collect(),
        }
    }
}

/// Where the last run of `mode` is kept: quick, default and precise runs measure different
/// sizes (bench.py's quick sizes are smaller), so each is compared with its own kind.
pub fn path(dir: &Path, mode: Mode) -> PathBuf {
    dir.join(match mode {
        Mode::Quick => "last-quick.json",
        Mode::Default => "last.json",
        Mode::Precise => "last-precise.json",
    })
}

/// The run kept at `path`; `None` if there is none, or it cannot be read (an older format).
pub fn load(path: &Path) -> Option<Run> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Keeps `run` at `path` for the next run to compare with.
pub fn save(path: &Path, run: &Run) -> anyhow::Result<()> {
    let json = serde_json::to_string_pretty(run).context("encoding the run")?;
    std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))
}

/// How a row of this run compares with the same row of the previous one.
#[derive(Debug, Clone, PartialEq)]
pub enum Agreement {
    /// Every figure both runs measured: each median within the other run's min-max.
    Agrees,
    /// Not that, but each figure's two min-max ranges overlap; these moved
    /// (`Rust 12.00 [11.00–13.00] vs 10.00 [9.00–11.50]`, this run's first).
    Overlaps(Vec<String>),
    /// These figures' ranges do not overlap (`Rust 12.00 [11.00–13.00] vs 8.50 [8.00–9.00]`,
    /// this run's first).
    Differs(Vec<String>),
    /// The previous run had no such row.
    New,
    /// No figure was measured in both runs.
    NothingToCompare,
}

/// Whether two spreads agree: each median within the other's min-max.
pub fn spreads_agree(a: &Spread, b: &Spread) -> bool {
    a.contains(b.median) && b.contains(a.median)
}

/// Whether two spreads' min-max ranges share a value.
pub fn spreads_overlap(a: &Spread, b: &Spread) -> bool {
    a.min <= b.max && b.min <= a.max
}

/// Compares `now` with the previous run's row of the same label, if any.
pub fn compare(now: &Summary, before: Option<&Run>) -> Agreement {
    let Some(was) = before.and_then(|b| b.rows.iter().find(|r| r.label == now.label)) else {
        return Agreement::New;
    };
    let pairs = [
        ("Rust", now.rust, was.rust),
        ("Python", now.python, was.python),
        ("Rust vs Python", now.advantage, was.advantage),
    ];
    let mut compared = 0;
    let (mut moved, mut apart) = (Vec::new(), false);
    for (what, a, b) in pairs {
        let Some((a, b)) = a.zip(b) else { continue };
        compared += 1;
        if !spreads_agree(&a, &b) {
            moved.push(format!("{what} {} vs {}", show(&a), show(&b)));
            apart |= !spreads_overlap(&a, &b);
        }
    }
    match (compared, moved.is_empty(), apart) {
        (0, _, _) => Agreement::NothingToCompare,
        (_, true, _) => Agreement::Agrees,
        (_, false, false) => Agreement::Overlaps(moved),
        (_, false, true) => Agreement::Differs(moved),
    }
}

/// `median [min–max]`: the two sides of a disagreement must both show, since either
/// median may be the one outside the other's range.
fn show(s: &Spread) -> String {
    format!("{} [{}–{}]", num(s.median), num(s.min), num(s.max))
}

/// This run against the previous one, row by row.
pub struct Comparison {
    /// The previous run's date, if there was one.
    pub previous: Option<String>,
    /// Per row of this run, in order (empty without a previous run).
    pub rows: Vec<Agreement>,
}

impl Comparison {
    /// Compares each of `rows` with `before`.
    pub fn of(rows: &[Summary], before: Option<&Run>) -> Comparison {
        Comparison {
            previous: before.map(|b| b.date.clone()),
            rows: match before {
                Some(_) => rows.iter().map(|r| compare(r, before)).collect(),
                None => Vec::new(),
            },
        }
    }

    /// The report's table header for the column, if there is a previous run.
    pub fn column(&self) -> Option<String> {
        self.previous
            .as_ref()
            .map(|d| format!("agrees with previous run ({d}; a no shows now vs then)"))
    }

    /// Row `i`'s cell in that column.
    pub fn cell(&self, i: usize) -> String {
        match self.rows.get(i) {
            Some(Agreement::Agrees) => "yes".into(),
            Some(Agreement::Overlaps(moved)) => format!("ranges overlap: {}", moved.join("; ")),
            Some(Agreement::Differs(moved)) => format!("**no**: {}", moved.join("; ")),
            Some(Agreement::New) => "new row".into(),
            Some(Agreement::NothingToCompare) | None => "-".into(),
        }
    }

    /// One line: how many rows agree, of those measured in both runs.
    pub fn summary(&self) -> String {
        let Some(date) = &self.previous else {
            return "No previous run of this mode was kept (target/bench/): the next run will \
                    say whether its figures agree with these."
                .into();
        };
        let count = |f: fn(&Agreement) -> bool| self.rows.iter().filter(|a| f(a)).count();
        let agree = count(|a| *a == Agreement::Agrees);
        let overlap = count(|a| matches!(a, Agreement::Overlaps(_)));
        let differ = count(|a| matches!(a, Agreement::Differs(_)));
        let new = count(|a| *a == Agreement::New);
        let mut s = format!(
            "Against the previous run ({date}): {agree} of {} rows measured in both agree \
             (each median within the other run's min-max, for Rust, Python and the ratio)",
            agree + overlap + differ
        );
        if overlap > 0 {
            let _ = write!(
                s,
                "; {overlap} more only overlap (their min-max ranges share a value)"
            );
        }
        if differ > 0 {
            let _ = write!(s, "; {differ} do not even overlap");
        }
        if new > 0 {
            let _ = write!(s, "; {new} new since then");
        }
        s.push('.');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(median: f64, min: f64, max: f64) -> Option<Spread> {
        Some(Spread {
            median,
            min,
            max,
            n: 4,
        })
    }

    fn row(label: &str, rust: Option<Spread>, advantage: Option<Spread>) -> Summary {
        Summary {
            label: label.into(),
            unit: "ns",
            rust,
            python: None,
            advantage,
            noise: false,
            flags: Vec::new(),
        }
    }

    fn previous(rows: &[Summary]) -> Run {
        Run::of("2026-11-30 05:51 UTC", rows)
    }

    #[test]
    fn medians_within_each_others_range_agree() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), spread(5.0, 4.0, 6.0))]);
        let now = row("spawn", spread(11.0, 9.5, 13.0), spread(5.5, 4.5, 7.0));
        assert_eq!(compare(&now, Some(&was)), Agreement::Agrees);
    }

    #[test]
    fn a_median_outside_the_other_range_disagrees_either_way() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        // This median (13) is outside [9-12]: disagrees.
        let now = row("spawn", spread(13.0, 8.0, 14.0), None);
        assert_eq!(
            compare(&now, Some(&was)),
            Agreement::Overlaps(vec!["Rust 13.00 [8.00–14.00] vs 10.00 [9.00–12.00]".into()])
        );
        // The previous median (10) is outside this run's [10.5-11.5]: disagrees too.
        let now = row("spawn", spread(11.0, 10.5, 11.5), None);
        assert!(matches!(compare(&now, Some(&was)), Agreement::Overlaps(_)));
    }

    #[test]
    fn ranges_that_share_no_value_do_not_even_overlap() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        let now = row("spawn", spread(13.0, 12.5, 14.0), None);
        assert!(matches!(compare(&now, Some(&was)), Agreement::Differs(_)));
        // Touching ends share a value.
        let now = row("spawn", spread(13.0, 12.0, 14.0), None);
        assert!(matches!(compare(&now, Some(&was)), Agreement::Overlaps(_)));
        let c = Comparison::of(
            &[now, row("other", spread(1.0, 0.5, 1.5), None)],
            Some(&previous(&[
                row("spawn", spread(10.0, 9.0, 12.0), None),
                row("other", spread(5.0, 4.0, 6.0), None),
            ])),
        );
        assert_eq!(
            c.summary(),
            "Against the previous run (2026-11-30 05:51 UTC): 0 of 2 rows measured in both agree \
             (each median within the other run's min-max, for Rust, Python and the ratio); \
             1 more only overlap (their min-max ranges share a value); 1 do not even overlap."
        );
        assert!(
            c.cell(0).starts_with("ranges overlap: Rust 13.00"),
            "{}",
            c.cell(0)
        );
        assert!(c.cell(1).starts_with("**no**: Rust 1.00"), "{}", c.cell(1));
    }

    #[test]
    fn a_row_new_since_the_previous_run_is_said_new() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        let now = [
            row("spawn", spread(10.0, 9.0, 12.0), None),
            row("sleeps", spread(105.0, 104.0, 106.0), None),
        ];
        let c = Comparison::of(&now, Some(&was));
        assert_eq!(c.rows, [Agreement::Agrees, Agreement::New]);
        assert_eq!(c.cell(1), "new row");
        assert_eq!(
            c.summary(),
            "Against the previous run (2026-11-30 05:51 UTC): 1 of 1 rows measured in both agree \
             (each median within the other run's min-max, for Rust, Python and the ratio); \
             1 new since then."
        );
    }

    #[test]
    fn without_a_previous_run_there_is_no_column_and_the_summary_says_so() {
        let c = Comparison::of(&[row("spawn", spread(10.0, 9.0, 12.0), None)], None);
        assert_eq!(c.column(), None);
        assert!(
            c.summary().starts_with("No previous run"),
            "{}",
            c.summary()
        );
    }

    #[test]
    fn the_summary_counts_disagreements_and_the_cell_names_the_figure() {
        let was = previous(&[
            row("a", spread(10.0, 9.0, 12.0), None),
            row("b", spread(10.0, 9.0, 12.0), None),
        ]);
        let now = [
            row("a", spread(10.0, 9.0, 12.0), None),
            row("b", spread(30.0, 25.0, 31.0), None),
        ];
        let c = Comparison::of(&now, Some(&was));
        assert_eq!(
            c.cell(1),
            "**no**: Rust 30.00 [25.00–31.00] vs 10.00 [9.00–12.00]"
        );
        assert!(c.summary().contains("1 of 2 rows"), "{}", c.summary());
        assert!(
            c.summary().contains("1 do not even overlap"),
            "{}",
            c.summary()
        );
    }

    #[test]
    fn a_row_measured_in_neither_run_has_nothing_to_compare() {
        let was = previous(&[row("redis", None, None)]);
        assert_eq!(
            compare(&row("redis", None, None), Some(&was)),
            Agreement::NothingToCompare
        );
    }

    #[test]
    fn a_kept_run_reads_back_as_it_was_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path(), Mode::Quick);
        assert_eq!(load(&p), None);
        let run = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        save(&p, &run).unwrap();
        assert_eq!(load(&p), Some(run));
        assert_ne!(path(dir.path(), Mode::Default), p);
    }
}
