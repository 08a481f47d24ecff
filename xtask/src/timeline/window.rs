//! What `timeline` draws of a big trace: a window a person can read, and a summary of what
//! was left out. A million-event run drawn whole is a file no browser opens (188k lines made
//! 558 MB); a lane of a hundred events is already more than anyone reads.
//!
//! The window is the lines from `--from` to `--to` (line numbers, both kept), then, of those,
//! the first `--first` events of each actor, and never more than [`MAX_EVENTS`] in all, so the
//! file stays bounded whatever the trace. Cell boundaries (`cell` events) are always kept.

use std::collections::HashMap;
use std::fmt::Write;

use interleaving::{Line, Trace, kinds};

/// The most events one timeline draws (each costs a mark, a label and some width).
pub const MAX_EVENTS: usize = 3000;
/// The default `--first`: events drawn per actor.
pub const PER_ACTOR: usize = 200;

/// Which part of a trace to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first line drawn (1-based; `None`: the first).
    pub from: Option<usize>,
    /// The last line drawn (`None`: the last).
    pub to: Option<usize>,
    /// Events drawn per actor, the first ones in the window.
    pub per_actor: usize,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            from: None,
            to: None,
            per_actor: PER_ACTOR,
        }
    }
}

/// The lines of `trace` inside `window` (their line numbers kept), and, if any were left out,
/// a summary that says which.
pub fn cut(trace: &Trace, window: Window) -> (Trace, Option<String>) {
    let total = trace.lines.len();
    let from = window.from.unwrap_or(1);
    let to = window.to.unwrap_or(usize::MAX);
    let (mut before, mut after, mut capped) = (0usize, 0usize, 0usize);
    let mut past_first: HashMap<&str, usize> = HashMap::new();
    let mut drawn_of: HashMap<&str, usize> = HashMap::new();
    let mut kept: Vec<Line> = Vec::new();
    for l in &trace.lines {
        let boundary = l.event.kind == kinds::CELL;
        if l.no < from && !boundary {
            before += 1;
            continue;
        }
        if l.no > to {
            after += 1;
            continue;
        }
        let n = drawn_of.entry(&l.event.actor).or_default();
        if !boundary && *n >= window.per_actor {
            *past_first.entry(&l.event.actor).or_default() += 1;
            continue;
        }
        if kept.len() >= MAX_EVENTS {
            capped += 1;
            continue;
        }
        *n += 1;
        kept.push(l.clone());
    }
    let left_out = total - kept.len();
    if left_out == 0 {
        return (Trace { lines: kept }, None);
    }
    let mut s = format!("drew {} of {total} events", kept.len());
    if let (Some(a), Some(b)) = (kept.first(), kept.last()) {
        let _ = write!(s, " (lines {}-{})", a.no, b.no);
    }
    let _ = write!(s, "; left out {left_out}:");
    let mut parts = Vec::new();
    if before > 0 {
        parts.push(format!("{before} before line {from}"));
    }
    if after > 0 {
        parts.push(format!("{after} after line {to}"));
    }
    if !past_first.is_empty() {
        let mut most: Vec<(&str, usize)> = past_first.into_iter().collect();
        most.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        let n: usize = most.iter().map(|(_, k)| k).sum();
        let shown: Vec<String> = most
            .iter()
            .take(5)
            .map(|(a, k)| format!("{a} {k}"))
            .collect();
        let more = if most.len() > 5 {
            format!(", and {} more actors", most.len() - 5)
        } else {
            String::new()
        };
        parts.push(format!(
            "{n} past the first {} of their actor ({}{more})",
            window.per_actor,
            shown.join(", ")
        ));
    }
    if capped > 0 {
        parts.push(format!("{capped} past the {MAX_EVENTS}-event limit"));
    }
    let _ = write!(
        s,
        " {}. Choose another window with --from/--to LINE and --first N.",
        parts.join("; ")
    );
    (Trace { lines: kept }, Some(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(n: usize) -> Trace {
        Trace::from_steps(
            std::iter::once(("lesson", "cell", "q".to_owned()))
                .chain((0..n).map(|i| (["a", "b"][i % 2], "print", i.to_string()))),
        )
    }

    #[test]
    fn a_small_trace_is_drawn_whole() {
        let t = big(10);
        let (w, note) = cut(&t, Window::default());
        assert_eq!(w, t);
        assert_eq!(note, None);
    }

    #[test]
    fn the_first_events_of_each_actor_and_a_summary_of_the_rest() {
        let t = big(1000);
        let (w, note) = cut(&t, Window::default());
        assert_eq!(w.lines.len(), 1 + 2 * PER_ACTOR);
        let note = note.unwrap();
        assert!(note.contains("drew 401 of 1001 events"), "{note}");
        assert!(
            note.contains("600 past the first 200 of their actor (a 300, b 300)"),
            "{note}"
        );
    }

    #[test]
    fn a_window_keeps_its_line_numbers_and_the_cell_boundary() {
        let t = big(1000);
        let w = Window {
            from: Some(500),
            to: Some(509),
            per_actor: 3,
        };
        let (cut, note) = cut(&t, w);
        let nos: Vec<usize> = cut.lines.iter().map(|l| l.no).collect();
        assert_eq!(nos, vec![1, 500, 501, 502, 503, 504, 505]);
        let note = note.unwrap();
        assert!(note.contains("498 before line 500") && note.contains("492 after line 509"));
    }

    #[test]
    fn never_more_than_the_limit_whatever_the_actors() {
        let t =
            Trace::from_steps((0..2 * MAX_EVENTS).map(|i| (format!("actor-{i}"), "print", "x")));
        let (w, note) = cut(&t, Window::default());
        assert_eq!(w.lines.len(), MAX_EVENTS);
        assert!(note.unwrap().contains("past the 3000-event limit"));
    }
}
