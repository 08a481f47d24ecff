//! Observation: the order in which the gathered tasks finished.

use interleaving::fold::Fold;
use interleaving::select::Picker;
use interleaving::{Line, Outcome, Rule, Select};

use crate::kinds::DONE;
use interleaving::shown::Shown;

/// Observation: the tasks (`task-*`) in the order of their `done` events. See
/// [`CompletionOrder`].
pub(crate) fn completion_order() -> Rule {
    Rule::fold(CompletionOrder::new)
}

/// Its state: the names of the first twenty tasks done, and how many more.
pub(crate) struct CompletionOrder {
    picker: Picker,
    done: Shown<String>,
}

impl CompletionOrder {
    fn new() -> Self {
        CompletionOrder {
            picker: Picker::new(&Select::kind(DONE).by("task-*")),
            done: Shown::default(),
        }
    }
}

impl Fold for CompletionOrder {
    fn line(&mut self, l: &Line) {
        let done = &mut self.done;
        self.picker.line(l, &mut |p| done.push(p.actor.to_owned()));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let done = &mut self.done;
        self.picker.finish(&mut |p| done.push(p.actor.to_owned()));
        Outcome::Observed(self.done.joined(" "))
    }
}
