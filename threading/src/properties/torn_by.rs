//! Torn lines among some actors' output only: `Rule::TornLines`'s fold, given only the lines
//! of the actors that match a pattern, as the old rules gave `torn_lines` only those lines.

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::Pattern;
use interleaving::{Line, Outcome, Rule};

use interleaving::shown::Shown;

/// Whether the count of torn lines is asserted to be 0 or only observed.
#[derive(Debug, Clone, Copy)]
pub(super) enum Torn {
    /// "No line by the pattern is torn", asserted.
    Never,
    /// How many were torn, observed (`N torn`).
    Observed,
}

/// Counts the torn lines of the actors matching `pattern`. Its state: `Rule::TornLines`'s
/// (each unfinished line's counts at its first fragment), how many lines those actors wrote
/// and the numbers of the first [`Shown::MAX`] of them, which a violation quotes.
pub(super) struct TornBy {
    pattern: &'static str,
    matching: Pattern,
    torn: Box<dyn Fold>,
    mine: Shown<usize>,
    how: Torn,
}

impl TornBy {
    /// Before any line.
    pub(super) fn new(pattern: &'static str, how: Torn) -> Self {
        TornBy {
            pattern,
            matching: Pattern::new(pattern),
            torn: Rule::TornLines.start(),
            mine: Shown::default(),
            how,
        }
    }
}

impl Fold for TornBy {
    fn line(&mut self, l: &Line) {
        if self.matching.matches(&l.event.actor) {
            self.mine.push(l.no);
            self.torn.line(l);
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let observed = self.torn.finish();
        let Torn::Never = self.how else {
            return observed;
        };
        // `Rule::TornLines` says its count only in words.
        let n = match &observed {
            Outcome::Observed(o) => o.strip_suffix(" torn").and_then(|n| n.parse().ok()),
            _ => None,
        };
        match n {
            Some(0) => Outcome::Held,
            n => {
                let mut got = match n {
                    Some(n) => format!("{n} torn"),
                    None => format!("{observed:?}"),
                };
                if self.mine.more() > 0 {
                    got.push_str(&format!(
                        " (in {} lines; the first {} are listed)",
                        self.mine.len(),
                        Shown::<usize>::MAX
                    ));
                }
                violated(
                    "never-torn",
                    &format!(
                        "no line by {} is cut by another thread's output",
                        self.pattern
                    ),
                    "0 torn lines".into(),
                    got,
                    self.mine.first().to_vec(),
                )
            }
        }
    }
}
