//! `cargo xtask bench --only PATTERN`: measure only the rows and curves whose name contains
//! one of the patterns (case does not matter), so that a few rows can be measured in default
//! mode without the whole run. A pattern that matches nothing is a usage error that lists
//! every name; the report says which rows and curves were left out.

use std::fmt::Write as _;

use crate::bench::Row;
use crate::bench::curves::{CURVES, Curve};
use crate::bench::rows::ROWS;

/// The patterns of `--only`; none means everything.
#[derive(Debug, Clone, Default)]
pub struct Only {
    patterns: Vec<String>,
}

/// Whether `name` contains `pattern`, ignoring case.
fn contains(name: &str, pattern: &str) -> bool {
    name.to_lowercase().contains(&pattern.to_lowercase())
}

/// Whether `pattern` picks `curve`: by its file name (`queue-vs-threads`) or its title.
fn picks_curve(curve: &Curve, pattern: &str) -> bool {
    contains(curve.name, pattern) || contains(curve.title, pattern)
}

/// One `--only` value, as clap parses it: a pattern that matches at least one row or curve.
/// Anything else is refused with every name it could have matched (clap exits 2).
pub fn parse_pattern(s: &str) -> Result<String, String> {
    let pattern = s.trim();
    let matches = !pattern.is_empty()
        && (ROWS.iter().any(|r| contains(r.label, pattern))
            || CURVES.iter().any(|c| picks_curve(c, pattern)));
    if matches {
        return Ok(pattern.to_owned());
    }
    let mut names = String::new();
    for r in ROWS {
        let _ = write!(names, "\n  {}", r.label);
    }
    let _ = write!(names, "\nthe curves are:");
    for c in CURVES {
        let _ = write!(names, "\n  {} ({})", c.name, c.title);
    }
    Err(format!(
        "no row or curve matches '{s}'; the rows are:{names}"
    ))
}

impl Only {
    /// Only what matches one of `patterns` (every row and curve when it is empty).
    pub fn new(patterns: Vec<String>) -> Self {
        Only { patterns }
    }

    /// Whether every row and curve is measured (no `--only`).
    pub fn is_all(&self) -> bool {
        self.patterns.is_empty()
    }

    fn picks(&self, name: &str) -> bool {
        self.is_all() || self.patterns.iter().any(|p| contains(name, p))
    }

    /// The rows of `rows` to measure, in their order.
    pub fn rows(&self, rows: &[Row]) -> Vec<Row> {
        rows.iter()
            .copied()
            .filter(|r| self.picks(r.label))
            .collect()
    }

    /// The curves of `curves` to measure, in their order.
    pub fn curves(&self, curves: &'static [Curve]) -> Vec<&'static Curve> {
        curves
            .iter()
            .filter(|c| self.is_all() || self.patterns.iter().any(|p| picks_curve(c, p)))
            .collect()
    }

    /// The report's paragraph on what was left out; empty without `--only`.
    pub fn markdown(&self, rows: &[Row], curves: &'static [Curve]) -> String {
        if self.is_all() {
            return String::new();
        }
        let quoted: Vec<String> = self.patterns.iter().map(|p| format!("`{p}`")).collect();
        let left_rows: Vec<&str> = rows
            .iter()
            .filter(|r| !self.picks(r.label))
            .map(|r| r.label)
            .collect();
        let kept: Vec<&str> = self.curves(curves).iter().map(|c| c.name).collect();
        let left_curves: Vec<&str> = curves
            .iter()
            .map(|c| c.name)
            .filter(|n| !kept.contains(n))
            .collect();
        let list = |names: &[&str]| {
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join("; ")
            }
        };
        format!(
            "Only the rows and curves matching {} (`--only`). Left out, not measured: {} of {} \
             rows ({}); {} of {} curves ({}). This run is not kept as the history the next run \
             compares with.\n\n",
            quoted.join(", "),
            left_rows.len(),
            rows.len(),
            list(&left_rows),
            left_curves.len(),
            curves.len(),
            list(&left_curves)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(patterns: &[&str]) -> Only {
        Only::new(patterns.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn no_pattern_keeps_every_row_and_curve_and_says_nothing() {
        let all = Only::default();
        assert_eq!(all.rows(ROWS).len(), ROWS.len());
        assert_eq!(all.curves(CURVES).len(), CURVES.len());
        assert_eq!(all.markdown(ROWS, CURVES), "");
    }

    #[test]
    fn patterns_pick_rows_by_label_ignoring_case_and_any_pattern_will_do() {
        let picked = only(&["OVER STD MUTEX", "page faults"]).rows(ROWS);
        let labels: Vec<&str> = picked.iter().map(|r| r.label).collect();
        assert!(labels.contains(&"Lock over std Mutex, uncontended"));
        assert!(labels.contains(&"Semaphore(1) over std Mutex, 2 threads contending"));
        assert!(labels.contains(&"page faults per start+join: Process fork"));
        assert!(!labels.contains(&"thread spawn+join"));
        assert!(
            labels
                .iter()
                .all(|l| l.contains("std Mutex") || l.contains("page faults"))
        );
    }

    #[test]
    fn patterns_pick_curves_by_file_name_or_title() {
        let by_name = only(&["queue-vs-threads"]).curves(CURVES);
        assert_eq!(by_name.len(), 1);
        let by_title = only(&["WALL TIME against N"]).curves(CURVES);
        assert_eq!(by_title.len(), 1);
        assert_eq!(by_title[0].name, "sleeps-vs-count");
        assert!(only(&["std Mutex"]).curves(CURVES).is_empty());
    }

    #[test]
    fn the_report_names_what_was_left_out() {
        let md = only(&["std Mutex"]).markdown(ROWS, CURVES);
        assert!(md.contains("`std Mutex`"), "{md}");
        assert!(md.contains("thread spawn+join"), "{md}");
        assert!(md.contains("queue-vs-threads"), "{md}");
        assert!(!md.contains("Lock over std Mutex, uncontended"), "{md}");
        let kept = only(&["std Mutex"]).rows(ROWS).len();
        assert!(
            md.contains(&format!("{} of {} rows", ROWS.len() - kept, ROWS.len())),
            "{md}"
        );
    }

    #[test]
    fn a_pattern_that_matches_nothing_is_refused_with_every_name() {
        let err = parse_pattern("no such row").unwrap_err();
        assert!(
            err.contains("no row or curve matches 'no such row'"),
            "{err}"
        );
        for r in ROWS {
            assert!(err.contains(r.label), "{} missing from {err}", r.label);
        }
        for c in CURVES {
            assert!(err.contains(c.name), "{} missing from {err}", c.name);
        }
        assert!(parse_pattern("").is_err());
        assert_eq!(parse_pattern(" fork ").as_deref(), Ok("fork"));
    }
}
