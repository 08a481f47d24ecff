//! "No line is cut by another thread's output", as a fold: `Rule::TornLines`'s count, read
//! as the lines stream, asserted to be 0.

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Rule, kinds};

/// How many `write` lines a violation points at.
const QUOTED: usize = 6;

/// Its state: `Rule::TornLines`'s (each unfinished line's counts at its first fragment), and
/// the numbers of the first [`QUOTED`] `write` lines, which a violation points at.
pub(super) struct WholeLines {
    torn: Box<dyn Fold>,
    writes: Vec<usize>,
}

impl WholeLines {
    /// Before any line.
    pub(super) fn new() -> Self {
        WholeLines {
            torn: Rule::TornLines.start(),
            writes: Vec::new(),
        }
    }
}

impl Fold for WholeLines {
    fn line(&mut self, l: &Line) {
        if l.event.kind == kinds::WRITE && self.writes.len() < QUOTED {
            self.writes.push(l.no);
        }
        self.torn.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        // `Rule::TornLines` says its count only in words: `N torn`.
        let n = match self.torn.finish() {
            Outcome::Observed(o) => o.strip_suffix(" torn").and_then(|n| n.parse().ok()),
            _ => None,
        };
        match n {
            Some(0) => Outcome::Held,
            n => violated(
                "whole-lines",
                "no line is cut by another thread's output",
                "0 torn lines".into(),
                match n {
                    Some(n) => format!("{n} torn lines, like `Square: Cube: 8`"),
                    None => "no count of torn lines".into(),
                },
                self.writes,
            ),
        }
    }
}
