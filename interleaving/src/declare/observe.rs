//! The folds of the declared observations: values in order, items per actor, the peak inside
//! a region.

use std::collections::BTreeMap;

use crate::fold::Fold;
use crate::read::Line;
use crate::rule::{Outcome, Side, TakesTwo, Two};
use crate::select::{Picked, Picker, Select};

/// Every value picked, in order, for an observation that shows them all.
pub(super) struct Values {
    picker: Picker,
    got: Vec<String>,
    say: fn(&[String]) -> Outcome,
}

impl Values {
    pub(super) fn new(select: &Select, say: fn(&[String]) -> Outcome) -> Self {
        Values {
            picker: Picker::new(select),
            got: Vec::new(),
            say,
        }
    }
}

impl Fold for Values {
    fn line(&mut self, l: &Line) {
        let got = &mut self.got;
        self.picker.line(l, &mut |i| got.push(i.value.into_owned()));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let got = &mut self.got;
        self.picker.finish(&mut |i| got.push(i.value.into_owned()));
        (self.say)(&self.got)
    }
}

/// How many items each actor had.
pub(super) struct PerActor {
    picker: Picker,
    n: BTreeMap<String, usize>,
}

impl PerActor {
    pub(super) fn new(select: &Select) -> Self {
        PerActor {
            picker: Picker::new(select),
            n: BTreeMap::new(),
        }
    }
}

fn count(n: &mut BTreeMap<String, usize>, actor: &str) {
    match n.get_mut(actor) {
        Some(c) => *c += 1,
        None => {
            n.insert(actor.to_owned(), 1);
        }
    }
}

impl Fold for PerActor {
    fn line(&mut self, l: &Line) {
        let n = &mut self.n;
        self.picker.line(l, &mut |i| count(n, i.actor));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let n = &mut self.n;
        self.picker.finish(&mut |i| count(n, i.actor));
        let parts: Vec<String> = self.n.iter().map(|(a, c)| format!("{a} {c}")).collect();
        Outcome::Observed(parts.join(", "))
    }
}

/// The most actors inside a region at once. At one line, who left is counted before who
/// entered (a leave and an enter on one line are a hand-over, not two inside).
pub(super) struct Peak {
    two: Two,
    /// The line being gathered, with its leaves and enters.
    at: Option<(usize, i64, i64)>,
    inside: i64,
    most: i64,
}

impl Peak {
    pub(super) fn new(enter: &Select, leave: &Select) -> Self {
        Peak {
            two: Two::new(enter, leave),
            at: None,
            inside: 0,
            most: 0,
        }
    }

    fn settle(&mut self) {
        if let Some((_, leaves, enters)) = self.at.take() {
            self.inside -= leaves;
            self.most = self.most.max(self.inside);
            self.inside += enters;
            self.most = self.most.max(self.inside);
        }
    }
}

impl TakesTwo for Peak {
    fn two(&mut self) -> &mut Two {
        &mut self.two
    }

    fn take(&mut self, side: Side, item: Picked<'_>) {
        let line = item.line;
        if self.at.is_some_and(|(no, _, _)| no != line) {
            self.settle();
        }
        let (_, leaves, enters) = self.at.get_or_insert((line, 0, 0));
        match side {
            Side::A => *enters += 1,
            Side::B => *leaves += 1,
        }
    }
}

impl Fold for Peak {
    fn line(&mut self, l: &Line) {
        self.feed(l);
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        self.drain();
        self.settle();
        Outcome::Observed(format!("at most {} inside at once", self.most.max(0)))
    }
}
