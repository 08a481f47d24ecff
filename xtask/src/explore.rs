//! `cargo xtask explore NAME`: run one cell many times and show how its interleavings are
//! distributed, with histograms of what the lesson only records ("where Hello fell").

use std::collections::BTreeMap;
use std::fmt::Write;

use interleaving::shorten::one_line;

use crate::demos::Demo;
use crate::judge::Tally;
use crate::session::{Plan, progress, run_demo};

/// Runs the exploration and returns the report; with `plan.jitter`, runs twice (without, then
/// with jitter) and says how many interleavings only jitter found.
pub fn explore(demo: &Demo, cell: Option<&str>, plan: Plan) -> anyhow::Result<(String, bool)> {
    let extra: Vec<String> = cell
        .map(|c| vec!["--cell".to_owned(), c.to_owned()])
        .unwrap_or_default();
    let rounds = if plan.jitter { 2 } else { 1 };
    let bar = progress((plan.runs * rounds) as u64);
    bar.set_message(demo.name);
    let plain = run_demo(
        demo,
        &extra,
        Plan {
            jitter: false,
            ..plan
        },
        &bar,
    )?;
    let jittered = if plan.jitter {
        Some(run_demo(demo, &extra, plan, &bar)?)
    } else {
        None
    };
    bar.finish_and_clear();

    let mut s = String::new();
    let what = cell.map_or("the whole lesson".to_owned(), |c| format!("cell {c}"));
    let _ = writeln!(
        s,
        "{}, {what}: {} runs, {} at a time, {} failed",
        demo.name, plain.runs, plan.jobs, plain.failed
    );
    describe(&mut s, &plain);
    if let Some(j) = &jittered {
        let new = j
            .interleavings
            .keys()
            .filter(|k| !plain.interleavings.contains_key(*k))
            .count();
        let _ = writeln!(
            s,
            "\nWith jitter ({}=1: small random pauses at every event), {} more runs, {} failed:",
            interleaving::emit::JITTER_ENV,
            j.runs,
            j.failed
        );
        let _ = writeln!(s, "Jitter found {new} interleavings never seen without it.");
        describe(&mut s, j);
    }
    let ok = plain.failed == 0 && jittered.as_ref().is_none_or(|j| j.failed == 0);
    Ok((s, ok))
}

fn describe(s: &mut String, t: &Tally) {
    // Several event orders can print the same text (a join is silent): outputs are counted
    // apart. Past the first few, an output's text is not kept (memory stays flat in --runs).
    let outputs = &t.outputs;
    let _ = writeln!(
        s,
        "{} distinct interleavings of events, {} distinct outputs.",
        t.interleavings.len(),
        outputs.len()
    );
    let mut common: Vec<(usize, &str)> = outputs
        .values()
        .map(|(n, text)| (*n, text.as_deref().unwrap_or("(text not kept)")))
        .collect();
    common.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let _ = writeln!(
        s,
        "\nThe most common outputs, as a learner sees them (⏎ = newline):"
    );
    for (count, text) in common.iter().take(6) {
        let pct = 100.0 * *count as f64 / t.runs.max(1) as f64;
        let _ = writeln!(s, "  {count:>6} runs {pct:>5.1}%  {}", one_line(text, 90));
    }
    for (name, values) in &t.observed {
        let _ = writeln!(s, "\n{name}:");
        let _ = write!(s, "{}", histogram(values, t.runs));
    }
}

/// A terminal histogram, values in natural order ("after 2 of 5" before "after 10 of 5").
pub fn histogram(values: &BTreeMap<String, usize>, runs: usize) -> String {
    let mut rows: Vec<(&String, &usize)> = values.iter().collect();
    rows.sort_by_key(|(k, _)| natural_key(k));
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let most = rows.iter().map(|(_, c)| **c).max().unwrap_or(1).max(1);
    let mut s = String::new();
    for (k, c) in rows {
        let bar = "█".repeat((c * 40).div_ceil(most));
        let pct = 100.0 * *c as f64 / runs.max(1) as f64;
        let _ = writeln!(s, "  {k:<width$}  {bar} {c} ({pct:.1}%)");
    }
    s
}

/// Splits digits from the rest so that numbers compare as numbers.
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for ch in s.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else {
            if !digits.is_empty() {
                key.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(ch);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_orders_numbers_naturally_and_scales_bars() {
        let values: BTreeMap<String, usize> = [("after 10 of 12", 1), ("after 2 of 12", 4)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let h = histogram(&values, 5);
        let lines: Vec<&str> = h.lines().collect();
        assert!(
            lines[0].contains("after 2 of 12") && lines[0].contains(" 4 (80.0%)"),
            "{h}"
        );
        assert!(
            lines[1].contains("after 10 of 12") && lines[1].contains(" 1 (20.0%)"),
            "{h}"
        );
        assert_eq!(lines[0].matches('█').count(), 40);
        assert_eq!(lines[1].matches('█').count(), 10);
    }
}
