//! "Each B after the A with its value": the fold behind
//! [`Select::each_before_its_value`](crate::Select::each_before_its_value).

use std::collections::{HashMap, VecDeque};

use crate::fold::Fold;
use crate::read::Line;
use crate::rule::{Outcome, Side, TakesTwo, Two, violated};
use crate::select::{Item, Picked, Select};

/// Its state is what is in flight: per value, the `before` items no `after` has paired with
/// yet (the n-th `after` of a value pairs with the n-th `before` of it).
pub(super) struct EachAfter {
    two: Two,
    statement: String,
    before: Select,
    after: Select,
    unpaired: HashMap<String, VecDeque<Item>>,
    afters: usize,
    verdict: Verdict,
}

/// Where the first `after` that broke the rule stands.
enum Verdict {
    /// None broke it so far.
    Holding,
    /// This `after` found no `before` of its value yet: the next one that comes is its pair,
    /// and too late.
    Waiting(Item),
    /// Broken: `after`, and its pair (if any).
    Broken(Item, Option<Item>),
}

impl EachAfter {
    pub(super) fn new(before: &Select, after: &Select) -> Self {
        EachAfter {
            two: Two::new(before, after),
            statement: format!("each `{after}` comes after a `{before}` of its value began"),
            before: before.clone(),
            after: after.clone(),
            unpaired: HashMap::new(),
            afters: 0,
            verdict: Verdict::Holding,
        }
    }
}

impl TakesTwo for EachAfter {
    fn two(&mut self) -> &mut Two {
        &mut self.two
    }

    fn take(&mut self, side: Side, i: Picked<'_>) {
        match (&self.verdict, side) {
            (Verdict::Broken(..), _) => {}
            (Verdict::Waiting(a), Side::A) if *a.value == *i.value => {
                let Verdict::Waiting(a) = std::mem::replace(&mut self.verdict, Verdict::Holding)
                else {
                    unreachable!("matched above")
                };
                self.verdict = Verdict::Broken(a, Some(i.to_item()));
            }
            (Verdict::Waiting(_), _) => {}
            (Verdict::Holding, Side::A) => self
                .unpaired
                .entry(i.value.as_ref().to_owned())
                .or_default()
                .push_back(i.to_item()),
            (Verdict::Holding, Side::B) => {
                self.afters += 1;
                let value = i.value.as_ref();
                let pair = self.unpaired.get_mut(value).and_then(VecDeque::pop_front);
                if self.unpaired.get(value).is_some_and(VecDeque::is_empty) {
                    self.unpaired.remove(value);
                }
                self.verdict = match pair {
                    Some(b) if b.line < i.first_line => Verdict::Holding,
                    Some(b) => Verdict::Broken(i.to_item(), Some(b)),
                    None => Verdict::Waiting(i.to_item()),
                };
            }
        }
    }
}

impl Fold for EachAfter {
    fn line(&mut self, l: &Line) {
        self.feed(l);
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        self.drain();
        if self.afters == 0 {
            return violated(
                "each-after-its-value",
                &self.statement,
                format!("at least one `{}`", self.after),
                "none".into(),
                vec![],
            );
        }
        let (a, found) = match self.verdict {
            Verdict::Holding => return Outcome::Held,
            Verdict::Waiting(a) => (a, None),
            Verdict::Broken(a, b) => (a, b),
        };
        violated(
            "each-after-its-value",
            &self.statement,
            format!("a `{}` of {:?} before {}", self.before, a.value, a.quote()),
            found.as_ref().map_or("none at all".into(), |b| {
                format!("{} comes after it", b.quote())
            }),
            found.iter().map(|b| b.line).chain([a.line]).collect(),
        )
    }
}
