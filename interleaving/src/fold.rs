//! A rule read as a fold: given the lines of its stretch one at a time, in trace order, then
//! asked for its outcome. The checker reads a trace as it streams (a file or a pipe, a line at
//! a time) and never keeps it: what a rule holds is what is in flight at that line (a queue's
//! values put and not yet got, each actor's next `seq`), not the lines it has read.
//!
//! Every built-in [`Rule`](crate::Rule) is a fold; a lesson writes its own with
//! [`Rule::fold`](crate::Rule::fold). A rule given as a function of a slice of lines
//! ([`Rule::custom`](crate::Rule::custom)) still works: its fold keeps a copy of its cell's
//! lines and calls the function at the end, so its memory is its cell's, not flat.
//!
//! ```
//! use interleaving::fold::Fold;
//! use interleaving::{Line, Outcome, Rule, Trace};
//! /// Observes how many lines there were: one number of state, whatever the trace's size.
//! #[derive(Default)]
//! struct Lines(usize);
//! impl Fold for Lines {
//!     fn line(&mut self, _: &Line) {
//!         self.0 += 1;
//!     }
//!     fn finish(self: Box<Self>) -> Outcome {
//!         Outcome::Observed(self.0.to_string())
//!     }
//! }
//! let rule = Rule::fold(|| Lines::default());
//! let t = Trace::from_steps([("main", "print", "a"), ("main", "print", "b")]);
//! assert_eq!(rule.eval(&t.lines), Outcome::Observed("2".into()));
//! ```

use std::sync::Arc;

use crate::read::Line;
use crate::rule::Outcome;

/// A rule's state as it reads its lines.
pub trait Fold: Send {
    /// Reads the next line. A fold that has found a violation keeps it and may ignore the
    /// rest.
    fn line(&mut self, line: &Line);

    /// The outcome, once every line of the stretch was read.
    fn finish(self: Box<Self>) -> Outcome;
}

/// Makes a fresh fold for each stretch a rule is checked on (each run of its cell).
pub type FoldFn = Arc<dyn Fn() -> Box<dyn Fold> + Send + Sync>;

/// Runs a fold over a slice of lines: what [`Rule::eval`](crate::Rule::eval) does.
pub fn run(mut fold: Box<dyn Fold>, lines: &[Line]) -> Outcome {
    for l in lines {
        fold.line(l);
    }
    fold.finish()
}

/// The fold of a rule given as a function of its lines: keeps them, calls it at the end.
pub(crate) struct Buffered {
    lines: Vec<Line>,
    judge: crate::rule::CustomFn,
}

impl Buffered {
    pub(crate) fn new(judge: crate::rule::CustomFn) -> Self {
        Buffered {
            lines: Vec::new(),
            judge,
        }
    }
}

impl Fold for Buffered {
    fn line(&mut self, line: &Line) {
        self.lines.push(line.clone());
    }

    fn finish(self: Box<Self>) -> Outcome {
        (self.judge)(&self.lines)
    }
}
