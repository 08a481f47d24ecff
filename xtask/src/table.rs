//! The printed results: one table for many demos, details for one.

use std::fmt::Write;
use std::time::Duration;

use crate::judge::Tally;

/// One row of the demo-all table.
pub struct Row {
    /// The demo's name.
    pub demo: String,
    /// Its tally, or why it was not run.
    pub tally: Result<Tally, String>,
}

/// The table of SPEC section 5: demo, runs, properties held, interleavings, median time.
pub fn render(rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<18} {:>5}  {:<16} {:>13}  {:>11}  verdict",
        "demo", "runs", "properties held", "interleavings", "median time"
    );
    for r in rows {
        match &r.tally {
            Err(why) => {
                let _ = writeln!(
                    s,
                    "{:<18} {:>5}  {:<16} {:>13}  {:>11}  {why}",
                    r.demo, "-", "-", "-", "-"
                );
            }
            Ok(t) => {
                let (held, total) = t.properties_held();
                let verdict = if t.hung > 0 {
                    format!("HUNG in {} of {} runs", t.hung, t.runs)
                } else if t.failed > 0 {
                    format!("FAILED in {} of {} runs", t.failed, t.runs)
                } else {
                    "ok".to_owned()
                };
                let _ = writeln!(
                    s,
                    "{:<18} {:>5}  {:<16} {:>13}  {:>11}  {verdict}",
                    r.demo,
                    t.runs,
                    format!("{held}/{total}"),
                    t.interleavings.len(),
                    t.median().map_or("-".into(), human),
                );
            }
        }
    }
    s
}

/// Per-property detail for one demo: how often each held, and what the observations saw.
pub fn details(t: &Tally) -> String {
    let mut s = String::new();
    for (name, (held, n)) in &t.held {
        let mark = if held == n { "held    " } else { "VIOLATED" };
        let _ = writeln!(s, "{mark}  {name}: {held}/{n} runs");
    }
    for (name, values) in &t.observed {
        let mut v: Vec<(&String, &usize)> = values.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut shown: Vec<String> = v.iter().take(8).map(|(k, c)| format!("{k} ×{c}")).collect();
        if v.len() > 8 {
            shown.push(format!("and {} more values", v.len() - 8));
        }
        let _ = writeln!(s, "observed  {name}: {}", shown.join(", "));
    }
    s
}

/// A duration for people: `850 µs`, `12 ms`, `1.4 s`.
pub fn human(d: Duration) -> String {
    let us = d.as_micros();
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        format!("{} ms", us / 1_000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}
