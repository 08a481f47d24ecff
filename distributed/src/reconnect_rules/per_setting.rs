//! A rule checked on each persistence setting's part of the cell: the fold behind
//! [`per_setting`](super::per_setting).

use interleaving::fold::Fold;
use interleaving::{Line, Outcome, Rule};

use crate::kinds;

/// Its state: the rule's fold on the current setting (a fresh one at each `setting` event;
/// the lines before the first belong to none), and the first setting's violation.
pub(super) struct PerSetting {
    rule: Rule,
    current: Option<Box<dyn Fold>>,
    broken: Option<Outcome>,
}

impl PerSetting {
    pub(super) fn new(rule: Rule) -> Self {
        PerSetting {
            rule,
            current: None,
            broken: None,
        }
    }

    /// Ends the current setting's fold, keeping its violation if it is the first.
    fn close(&mut self) {
        if let Some(fold) = self.current.take() {
            let o = fold.finish();
            if matches!(o, Outcome::Violated(_)) {
                self.broken = Some(o);
            }
        }
    }
}

impl Fold for PerSetting {
    fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        if l.event.kind == kinds::SETTING {
            self.close();
            if self.broken.is_some() {
                return;
            }
            self.current = Some(self.rule.start());
        }
        if let Some(fold) = &mut self.current {
            fold.line(l);
        }
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        self.close();
        self.broken.unwrap_or(Outcome::Held)
    }
}
