//! A number main announces once (the semaphore's permits, the queue's capacity), read as the
//! lines come.

use interleaving::{Line, Outcome};

use super::violated;

/// Main's first event of one kind: its value as a number (if it is one) and its line. A
/// later event of that kind does not count, as a bound is said once, before it is used.
#[derive(Debug)]
pub(crate) struct Announced {
    kind: &'static str,
    first: Option<(Option<usize>, usize)>,
}

impl Announced {
    /// Waiting for main's first `kind` event.
    pub(crate) fn new(kind: &'static str) -> Self {
        Announced { kind, first: None }
    }

    /// Reads one line.
    pub(crate) fn line(&mut self, l: &Line) {
        let e = &l.event;
        if self.first.is_none() && e.kind == self.kind && e.actor == "main" {
            self.first = Some((e.value.parse().ok(), l.no));
        }
    }

    /// Whether main's first `kind` event was read, and then its number, if it is one.
    pub(crate) fn said(&self) -> Option<Option<usize>> {
        self.first.map(|(n, _)| n)
    }

    /// The number and its line, or the violation of a trace where main never said it (or
    /// said no number).
    pub(crate) fn get(&self) -> Result<(usize, usize), Outcome> {
        match self.first {
            Some((Some(n), line)) => Ok((n, line)),
            _ => Err(violated(
                self.kind,
                &format!("main announces the {}", self.kind),
                format!("a `{}` event by main with a number", self.kind),
                "none in the trace".into(),
                vec![],
            )),
        }
    }
}
