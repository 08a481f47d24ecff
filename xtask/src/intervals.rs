//! Queue operations drawn on a timeline as intervals: a bar from each operation's call to
//! its return, on its actor's lane, and in red the operations of a linearizability
//! violation (`interleaving::linear`, FIFO), so a learner sees which overlaps were missing.

use std::collections::HashMap;
use std::fmt::Write;

use interleaving::Trace;
use interleaving::linear::{self, History, Model, Op};

/// The bars of every cell's operations, as SVG elements; `x` places a time (`t_ns`), `y` an
/// actor's lane. A cell whose calls and returns do not pair up is left out.
pub fn draw(trace: &Trace, x: &dyn Fn(u64) -> f64, y: &dyn Fn(&str) -> f64) -> String {
    let t_of: HashMap<usize, u64> = trace.lines.iter().map(|l| (l.no, l.event.t_ns)).collect();
    let mut s = String::new();
    for (_, lines) in trace.cells() {
        let Ok(history) = History::from_lines(lines) else {
            continue;
        };
        let bad: Vec<Op> = linear::check(&history, Model::Fifo)
            .err()
            .map(|f| f.ops)
            .unwrap_or_default();
        for op in &history.ops {
            let start = t_of.get(&op.call).copied().map(x).unwrap_or(0.0);
            let end = t_of.get(&op.ret).copied().map(x).unwrap_or(start + 30.0);
            let (fill, stroke) = if bad.contains(op) {
                ("#e74c3c", "#922b21")
            } else {
                ("#5dade2", "#21618c")
            };
            let label = match op.result.as_deref() {
                Some(r) if op.is_get() => format!("get→{r}"),
                _ => format!("{} {}", op.name, op.arg),
            };
            let cy = y(&op.actor) + 8.0;
            let _ = writeln!(
                s,
                r##"<rect class="op" x="{start:.1}" y="{cy:.1}" width="{:.1}" height="9" rx="3" fill="{fill}" fill-opacity="0.75" stroke="{stroke}"><title>{}</title></rect><text x="{start:.1}" y="{:.1}" fill="{stroke}">{}</text>"##,
                (end - start).max(2.0),
                esc(&op.to_string()),
                cy + 20.0,
                esc(&label)
            );
        }
    }
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_for_each_operation_and_red_for_the_violating_ones() {
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
            ("lesson", "cell", "fine"),
            ("p1", "call", "put c"),
            ("p1", "ret", "put ok"),
        ]);
        let svg = draw(&t, &|t| t as f64 * 10.0, &|_| 0.0);
        assert_eq!(svg.matches("class=\"op\"").count(), 5);
        assert_eq!(
            svg.matches("#e74c3c").count(),
            4,
            "the four of the order pattern"
        );
        assert!(svg.contains(">get→b<"));
    }
}
