//! A queue cell's operations as intervals, from call to return (`crate::intervals`, the same
//! bars the timeline draws), as a table a screen reader can read too. Times are microseconds
//! from the run's first event.

use std::fmt::Write;

use interleaving::Trace;

use super::html::esc;
use crate::intervals::{Kind, bars};

/// How many operations the table lists.
const SHOWN: usize = 40;

/// The operations table, or `None` if the run recorded no operations.
pub fn render(trace: &Trace) -> Option<String> {
    let ops: Vec<_> = bars(trace)
        .into_iter()
        .filter(|b| b.kind != Kind::Life)
        .collect();
    if ops.is_empty() {
        return None;
    }
    let t0 = trace.lines.iter().map(|l| l.event.t_ns).min().unwrap_or(0);
    let us = |t: u64| format!("{:.1}", t.saturating_sub(t0) as f64 / 1_000.0);
    let bad = ops.iter().filter(|b| b.kind == Kind::BadOp).count();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<div class=\"wide\"><table class=\"operations\"><caption class=\"meta\">{} operations{}{}</caption>\
         <thead><tr><th scope=\"col\">actor</th><th scope=\"col\">operation</th>\
         <th scope=\"col\">called (µs)</th><th scope=\"col\">returned (µs)</th>\
         <th scope=\"col\">FIFO</th></tr></thead><tbody>",
        ops.len(),
        if ops.len() > SHOWN {
            format!(", the first {SHOWN} listed")
        } else {
            String::new()
        },
        if bad > 0 {
            format!("; {bad} form the pattern no FIFO queue allows")
        } else {
            "; a FIFO queue explains them all".to_owned()
        }
    );
    for b in ops.iter().take(SHOWN) {
        let fifo = if b.kind == Kind::BadOp {
            "<span class=\"violated\">in the violation</span>"
        } else {
            "ok"
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{fifo}</td></tr>",
            esc(&b.actor),
            esc(&b.label),
            us(b.from),
            us(b.to)
        );
    }
    s.push_str("</tbody></table></div>\n");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_listed_and_the_violating_ones_marked() {
        let t = Trace::from_steps([
            ("lesson", "cell", "two-lanes"),
            ("p1", "call", "put a"),
            ("p1", "ret", "put ok"),
            ("p2", "call", "put b"),
            ("p2", "ret", "put ok"),
            ("c", "call", "get"),
            ("c", "ret", "get b"),
            ("c", "call", "get"),
            ("c", "ret", "get a"),
        ]);
        let html = render(&t).unwrap();
        assert_eq!(html.matches("<tr><td>").count(), 4);
        assert!(
            html.contains("get→b") && html.contains("4 form the pattern"),
            "{html}"
        );
        assert!(render(&Trace::from_steps([("main", "print", "x")])).is_none());
    }
}
