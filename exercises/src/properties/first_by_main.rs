//! Rules judged on one event: main's first of a kind (its report of a count, of the time a
//! run took), as a fold that keeps only that event's line and value.

use std::sync::Arc;

use interleaving::fold::Fold;
use interleaving::{Line, Outcome, Rule};

/// What judges main's first event of a kind: its line and value, if there was one.
type Judge = Arc<dyn Fn(Option<(usize, &str)>) -> Outcome + Send + Sync>;

/// A rule that `judge` decides from main's first event of `kind`, as `(line, value)`, or
/// from its absence.
pub(crate) fn on_first_by_main(
    kind: &'static str,
    judge: impl Fn(Option<(usize, &str)>) -> Outcome + Send + Sync + 'static,
) -> Rule {
    let judge: Judge = Arc::new(judge);
    Rule::fold(move || FirstByMain {
        kind,
        first: None,
        judge: judge.clone(),
    })
}

/// Its state: the line and value of main's first event of `kind`, once it came.
struct FirstByMain {
    kind: &'static str,
    first: Option<(usize, String)>,
    judge: Judge,
}

impl Fold for FirstByMain {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if self.first.is_none() && e.actor == "main" && e.kind == self.kind {
            self.first = Some((l.no, e.value.clone()));
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        (self.judge)(self.first.as_ref().map(|(at, v)| (*at, v.as_str())))
    }
}
