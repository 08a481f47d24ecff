//! The previous run, kept (`target/bench/last.json`, one file per mode), so each report can
//! say, row by row, whether its median agrees with the last run's within their spreads. A
//! row is judged on its own figure: its ratio when it has two sides (each ratio comes from
//! sides measured in turn, so the machine's speed, which drifts between runs minutes apart on
//! a shared host, cancels out of it), else its one figure. Two medians agree within their
//! spreads when the gap between them is no wider than the two spreads that face each other
//! (this run's reach from its median toward the other, plus the other's reach back): the same
//! as the two min-max ranges sharing a value, the rule [`spreads_agree`] applies. The stricter
//! reading, each median inside the other run's range, is counted too, and a side whose own
//! figure moved apart is named.
//!
//! Even two runs of unchanged code on a steady machine miss the rule now and then: with `n`
//! and `m` independent pairs, the `n` of one run all fall below (or all above) the `m` of
//! the other with probability `2 n! m! / (n + m)!` ([`chance_apart`]), 2.9 % of figures with
//! 4 pairs a side and 0.06 % with 7. The report says how many misses chance alone explains,
//! so a reader can tell a drifting machine (or a change) from the dice.
use std::fmt::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::bench::exec::Mode;
use crate::bench::report::{Summary, num};
use crate::bench::stats::Spread;

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

/// How a row of this run compares with the same row of the previous one, judged on the
/// row's own figure: its ratio when it has two sides (Rust vs Python), else its one figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Agreement {
    /// The two medians agree, each even inside the other run's range.
    Inside,
    /// They agree within their spreads, but a median lies outside the other run's range
    /// (`Rust vs Python 12.00 [11.00–13.00] vs 10.00 [9.00–11.50]`, this run's first).
    Within(String),
    /// The medians are further apart than their spreads reach: the two ranges share no
    /// value (`Rust 12.00 [11.00–13.00] vs 8.50 [8.00–9.00]`, this run's first).
    Differs(String),
    /// The previous run had no such row.
    New,
    /// The row's figure was not measured in both runs.
    NothingToCompare,
}

impl Agreement {
    /// Whether the row's medians agree within their spreads (strictly or not).
    pub fn agrees(&self) -> bool {
        matches!(self, Agreement::Inside | Agreement::Within(_))
    }
}

/// A row's [`Agreement`], with the sides of a two-sided row whose own figures moved apart
/// (the Rust or the Python figure alone, in its unit). Those follow the machine's speed,
/// which drifts between runs minutes apart on a shared host; the ratio of two sides measured
/// one after the other cancels that drift, which is why it is the row's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct RowComparison {
    /// How the row's figure compares.
    pub agreement: Agreement,
    /// `Rust 9.58M [9.52M–10.33M] vs 12.76M [11.11M–12.88M]`, per side that moved apart.
    pub sides_apart: Vec<String>,
}

/// Whether two medians agree within their spreads: the one further up reaches down to the
/// other's top, that is, the two min-max ranges share a value.
///
/// With `a` below `b`, the gap `b.median - a.median` is covered by `a`'s reach up
/// (`a.max - a.median`) plus `b`'s reach down (`b.median - b.min`) exactly when
/// `b.min <= a.max`.
pub fn spreads_agree(a: &Spread, b: &Spread) -> bool {
    a.min <= b.max && b.min <= a.max
}

/// The stricter reading: each median inside the other's min-max.
pub fn medians_inside(a: &Spread, b: &Spread) -> bool {
    a.contains(b.median) && b.contains(a.median)
}

/// The probability that `n` and `m` independent draws of one continuous quantity have
/// min-max ranges that share no value: all of one side below all of the other, either way,
/// `2 n! m! / (n + m)!`. It is 1 when a side has no draw to span a range with.
pub fn chance_apart(n: usize, m: usize) -> f64 {
    if n == 0 || m == 0 {
        return 1.0;
    }
    // 1 / C(n + m, n), built up factor by factor so no factorial overflows.
    let inverse_binomial = (1..=n).fold(1.0, |p, i| p * i as f64 / (m + i) as f64);
    (2.0 * inverse_binomial).min(1.0)
}

/// The previous run's row of the same label as `now`, if any.
fn previous_row<'a>(now: &Summary, before: Option<&'a Run>) -> Option<&'a Figures> {
    before.and_then(|b| b.rows.iter().find(|r| r.label == now.label))
}

/// A figure both runs measured: what it is, now, then.
type Both = (&'static str, Spread, Spread);

/// The row's figure as both runs measured it (the ratio first, else the one side), and the
/// sides behind a ratio.
fn measured_in_both(now: &Summary, was: &Figures) -> (Option<Both>, Vec<Both>) {
    let both = |what, a: Option<Spread>, b: Option<Spread>| Some((what, a?, b?));
    let ratio = both("Rust vs Python", now.advantage, was.advantage);
    let sides = [
        both("Rust", now.rust, was.rust),
        both("Python", now.python, was.python),
    ];
    match ratio {
        Some(r) => (Some(r), sides.into_iter().flatten().collect()),
        None => (sides.into_iter().flatten().next(), Vec::new()),
    }
}

/// Compares `now` with the previous run's row of the same label, if any.
pub fn compare(now: &Summary, before: Option<&Run>) -> RowComparison {
    let Some(was) = previous_row(now, before) else {
        return RowComparison {
            agreement: Agreement::New,
            sides_apart: Vec::new(),
        };
    };
    let (figure, sides) = measured_in_both(now, was);
    let said = |(what, a, b): &Both| format!("{what} {} vs {}", show(a), show(b));
    RowComparison {
        agreement: match figure {
            None => Agreement::NothingToCompare,
            Some(f) if !spreads_agree(&f.1, &f.2) => Agreement::Differs(said(&f)),
            Some(f) if !medians_inside(&f.1, &f.2) => Agreement::Within(said(&f)),
            Some(_) => Agreement::Inside,
        },
        sides_apart: sides
            .iter()
            .filter(|(_, a, b)| !spreads_agree(a, b))
            .map(said)
            .collect(),
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
    pub rows: Vec<RowComparison>,
    /// How many misses chance alone would make over the rows' figures compared (the sum of
    /// [`chance_apart`]).
    pub by_chance: f64,
}

impl Comparison {
    /// Compares each of `rows` with `before`.
    pub fn of(rows: &[Summary], before: Option<&Run>) -> Comparison {
        let by_chance = rows
            .iter()
            .filter_map(|now| {
                previous_row(now, before).and_then(|was| measured_in_both(now, was).0)
            })
            .map(|(_, a, b)| chance_apart(a.n, b.n))
            .sum();
        Comparison {
            previous: before.map(|b| b.date.clone()),
            rows: match before {
                Some(_) => rows.iter().map(|r| compare(r, before)).collect(),
                None => Vec::new(),
            },
            by_chance,
        }
    }

    /// The report's table header for the column, if there is a previous run.
    pub fn column(&self) -> Option<String> {
        self.previous.as_ref().map(|d| {
            format!("agrees with previous run ({d}) within the spreads? (a no shows now vs then)")
        })
    }

    /// Row `i`'s cell in that column.
    pub fn cell(&self, i: usize) -> String {
        let Some(row) = self.rows.get(i) else {
            return "-".into();
        };
        let mut cell = match &row.agreement {
            Agreement::Inside => "yes".into(),
            Agreement::Within(moved) => format!("yes, a median outside the other range: {moved}"),
            Agreement::Differs(apart) => format!("**no**: {apart}"),
            Agreement::New => "new row".into(),
            Agreement::NothingToCompare => "-".into(),
        };
        if !row.sides_apart.is_empty() {
            let _ = write!(
                cell,
                "; a side alone moved apart: {}",
                row.sides_apart.join("; ")
            );
        }
        cell
    }

    /// One line: how many rows agree, of those measured in both runs, how many misses chance
    /// alone would explain, and in how many rows a side alone moved apart.
    pub fn summary(&self) -> String {
        let Some(date) = &self.previous else {
            return "No previous run of this mode was kept (target/bench/): the next run will \
                    say whether its figures agree with these."
                .into();
        };
        let count = |f: &dyn Fn(&RowComparison) -> bool| self.rows.iter().filter(|r| f(r)).count();
        let agree = count(&|r| r.agreement.agrees());
        let inside = count(&|r| r.agreement == Agreement::Inside);
        let differ = count(&|r| matches!(r.agreement, Agreement::Differs(_)));
        let new = count(&|r| r.agreement == Agreement::New);
        let sides = count(&|r| !r.sides_apart.is_empty());
        let mut s = format!(
            "Against the previous run ({date}): {agree} of {} rows measured in both agree \
             within their spreads (the row's figure, its ratio or else its one figure: the two \
             medians no further apart than their spreads reach toward each other, so the \
             min-max ranges share a value), {inside} of them with each median inside the other \
             run's range",
            agree + differ
        );
        if differ > 0 {
            let _ = write!(s, "; {differ} do not");
        }
        if new > 0 {
            let _ = write!(s, "; {new} new since then");
        }
        // Two decimals below 0.1, so that 7 pairs' 0.02 does not read as "about 0.0".
        let decimals = if self.by_chance < 0.1 { 2 } else { 1 };
        let _ = write!(
            s,
            ". Chance alone would put about {:.decimals$} of these figures apart (two runs of \
             unchanged code on a steady machine: 2 / C(2n, n) each, n pairs a run).",
            self.by_chance
        );
        if sides > 0 {
            let _ = write!(
                s,
                " In {sides} {} a side's own figure moved apart, as the machine's speed \
                 drifts between runs; the ratio of sides measured in turn cancels that.",
                if sides == 1 { "row" } else { "rows" }
            );
        }
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
            python: advantage.map(|_| Spread {
                median: 1.0,
                min: 1.0,
                max: 1.0,
                n: 4,
            }),
            advantage,
            noise: false,
            goal: None,
            flags: Vec::new(),
        }
    }

    fn previous(rows: &[Summary]) -> Run {
        Run::of("2026-11-30 05:51 UTC", rows)
    }

    fn agreement(now: &Summary, was: &Run) -> Agreement {
        compare(now, Some(was)).agreement
    }

    #[test]
    fn medians_within_each_others_range_agree() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        let now = row("spawn", spread(11.0, 9.5, 13.0), None);
        assert_eq!(agreement(&now, &was), Agreement::Inside);
    }

    #[test]
    fn a_median_outside_the_other_range_still_agrees_within_the_spreads_either_way() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        // This median (13) is outside [9-12], but 13 - 10 is covered by 13 - 8 reaching down.
        let now = row("spawn", spread(13.0, 8.0, 14.0), None);
        let a = agreement(&now, &was);
        assert_eq!(
            a,
            Agreement::Within("Rust 13.00 [8.00–14.00] vs 10.00 [9.00–12.00]".into())
        );
        assert!(a.agrees());
        // The previous median (10) is outside this run's [10.5-11.5]: the same grade.
        let now = row("spawn", spread(11.0, 10.5, 11.5), None);
        assert!(matches!(agreement(&now, &was), Agreement::Within(_)));
    }

    #[test]
    fn medians_further_apart_than_their_spreads_reach_do_not_agree() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        let now = row("spawn", spread(13.0, 12.5, 14.0), None);
        // 13 - 10 = 3 is more than 12 - 10 (up) plus 13 - 12.5 (down).
        let a = agreement(&now, &was);
        assert!(matches!(a, Agreement::Differs(_)) && !a.agrees());
        // Touching ends: 2 + 1 reach exactly across the gap of 3.
        let now = row("spawn", spread(13.0, 12.0, 14.0), None);
        assert!(matches!(agreement(&now, &was), Agreement::Within(_)));
        let c = Comparison::of(
            &[now, row("other", spread(1.0, 0.5, 1.5), None)],
            Some(&previous(&[
                row("spawn", spread(10.0, 9.0, 12.0), None),
                row("other", spread(5.0, 4.0, 6.0), None),
            ])),
        );
        assert_eq!(
            c.summary(),
            "Against the previous run (2026-11-30 05:51 UTC): 1 of 2 rows measured in both agree \
             within their spreads (the row's figure, its ratio or else its one figure: the two \
             medians no further apart than their spreads reach toward each other, so the \
             min-max ranges share a value), 0 of them with each median inside the other run's \
             range; 1 do not. Chance alone would put about 0.06 of these figures apart (two \
             runs of unchanged code on a steady machine: 2 / C(2n, n) each, n pairs a run)."
        );
        assert!(
            c.cell(0)
                .starts_with("yes, a median outside the other range: Rust 13.00"),
            "{}",
            c.cell(0)
        );
        assert!(c.cell(1).starts_with("**no**: Rust 1.00"), "{}", c.cell(1));
    }

    #[test]
    fn a_two_sided_row_is_judged_on_its_ratio_and_names_a_side_that_moved_alone() {
        // The machine slowed by a third between the runs: Rust's figure and (in the helper)
        // Python's moved alike, and their ratio held.
        let was = previous(&[row(
            "queue",
            spread(12.0, 11.0, 13.0),
            spread(5.0, 4.5, 5.5),
        )]);
        let now = row("queue", spread(8.0, 7.5, 8.5), spread(5.2, 4.8, 5.6));
        let c = compare(&now, Some(&was));
        assert_eq!(c.agreement, Agreement::Inside);
        assert_eq!(
            c.sides_apart,
            ["Rust 8.00 [7.50–8.50] vs 12.00 [11.00–13.00]"]
        );
        let c = Comparison::of(&[now], Some(&was));
        assert_eq!(
            c.cell(0),
            "yes; a side alone moved apart: Rust 8.00 [7.50–8.50] vs 12.00 [11.00–13.00]"
        );
        assert!(
            c.summary().ends_with(
                "In 1 row a side's own figure moved apart, as the machine's speed drifts \
                 between runs; the ratio of sides measured in turn cancels that."
            ),
            "{}",
            c.summary()
        );
        // A ratio that moved apart is the row's disagreement, whatever its sides did.
        let now = row("queue", spread(12.0, 11.0, 13.0), spread(9.0, 8.0, 10.0));
        assert_eq!(
            agreement(&now, &was),
            Agreement::Differs("Rust vs Python 9.00 [8.00–10.00] vs 5.00 [4.50–5.50]".into())
        );
    }

    #[test]
    fn a_row_new_since_the_previous_run_is_said_new() {
        let was = previous(&[row("spawn", spread(10.0, 9.0, 12.0), None)]);
        let now = [
            row("spawn", spread(10.0, 9.0, 12.0), None),
            row("sleeps", spread(105.0, 104.0, 106.0), None),
        ];
        let c = Comparison::of(&now, Some(&was));
        let agreements: Vec<_> = c.rows.iter().map(|r| r.agreement.clone()).collect();
        assert_eq!(agreements, [Agreement::Inside, Agreement::New]);
        assert_eq!(c.cell(1), "new row");
        assert!((c.by_chance - 2.0 / 70.0).abs() < 1e-12);
        assert!(
            c.summary().contains(
                "1 of 1 rows measured in both agree within their spreads (the row's figure, \
                 its ratio or else its one figure: the two medians no further apart than their \
                 spreads reach toward each other, so the min-max ranges share a value), 1 of \
                 them with each median inside the other run's range; 1 new since then. Chance"
            ),
            "{}",
            c.summary()
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
        assert!(c.summary().contains("; 1 do not."), "{}", c.summary());
    }

    #[test]
    fn chance_apart_is_the_share_of_orderings_with_one_side_all_below_the_other() {
        // Every way to place n draws of one run among the n + m ranks of both, equally likely
        // when the two runs draw from one distribution: count those whose ranges share no rank.
        for (n, m) in [(1, 1), (1, 3), (2, 2), (2, 5), (4, 4), (3, 6), (7, 7)] {
            let ranks = n + m;
            let (mut all, mut apart) = (0u64, 0u64);
            for mask in 0u32..(1 << ranks) {
                if mask.count_ones() as usize != n {
                    continue;
                }
                all += 1;
                let low = (1u32 << n) - 1;
                apart += u64::from(mask == low || mask == low << m);
            }
            let exact = apart as f64 / all as f64;
            assert!(
                (chance_apart(n, m) - exact).abs() < 1e-12,
                "{n} and {m}: {} vs {exact}",
                chance_apart(n, m)
            );
        }
        assert!((chance_apart(4, 4) - 0.0286).abs() < 1e-4);
        assert!((chance_apart(7, 7) - 0.00058).abs() < 1e-5);
        assert_eq!(chance_apart(0, 4), 1.0);
    }

    #[test]
    fn the_chance_count_sums_over_the_row_figures_measured_in_both_runs() {
        let was = previous(&[
            row("a", spread(10.0, 9.0, 12.0), spread(2.0, 1.0, 3.0)),
            row("b", spread(10.0, 9.0, 12.0), None),
        ]);
        let now = [
            row("a", spread(10.0, 9.0, 12.0), spread(2.0, 1.0, 3.0)),
            row("b", spread(10.0, 9.0, 12.0), None),
            row("c", spread(10.0, 9.0, 12.0), None),
        ];
        // a's ratio and b's one figure (not a's sides, and not c, which is new).
        let c = Comparison::of(&now, Some(&was));
        assert!((c.by_chance - 2.0 * 2.0 / 70.0).abs() < 1e-12);
        assert!(
            c.summary().contains("about 0.06 of these"),
            "{}",
            c.summary()
        );
        // From 0.1 on, one decimal is enough: four rows give 0.114.
        let four: Vec<_> = ["a", "b", "c", "d"]
            .iter()
            .map(|l| row(l, spread(10.0, 9.0, 12.0), None))
            .collect();
        let c = Comparison::of(&four, Some(&previous(&four)));
        assert!(
            c.summary().contains("about 0.1 of these"),
            "{}",
            c.summary()
        );
    }

    #[test]
    fn a_row_measured_in_neither_run_has_nothing_to_compare() {
        let was = previous(&[row("redis", None, None)]);
        assert_eq!(
            agreement(&row("redis", None, None), &was),
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
