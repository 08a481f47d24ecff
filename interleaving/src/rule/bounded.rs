//! Never more than `max` actors between an `enter` and their `leave`.

use super::{Broken, Check, Side, TakesTwo, Two};
use crate::read::Line;
use crate::select::{Item, Picked, Select};

/// `Rule::Bounded`. Its state: who is inside, and the first way it was broken.
pub(super) struct Bounded {
    two: Two,
    enter: Select,
    max: usize,
    entered: bool,
    inside: Vec<Item>,
    broken: Option<Broken>,
}

impl Bounded {
    pub(super) fn new(enter: &Select, leave: &Select, max: usize) -> Self {
        Bounded {
            two: Two::new(enter, leave),
            enter: enter.clone(),
            max,
            entered: false,
            inside: Vec::new(),
            broken: None,
        }
    }
}

impl TakesTwo for Bounded {
    fn two(&mut self) -> &mut Two {
        &mut self.two
    }

    fn take(&mut self, side: Side, item: Picked<'_>) {
        if self.broken.is_some() {
            return;
        }
        if side == Side::A {
            self.entered = true;
            self.inside.push(item.to_item());
            if self.inside.len() > self.max {
                self.broken = Some(Broken::new(
                    "bounded-concurrency",
                    format!("at most {} inside at once", self.max),
                    format!(
                        "{} inside after {}",
                        self.inside.len(),
                        self.inside.last().map(Item::quote).unwrap_or_default()
                    ),
                    self.inside.iter().map(|i| i.line).collect(),
                ));
            }
            return;
        }
        match self
            .inside
            .iter()
            .position(|i| i.actor == item.actor && i.pid == item.pid)
        {
            Some(k) => {
                self.inside.remove(k);
            }
            None => {
                self.broken = Some(Broken::new(
                    "bounded-concurrency",
                    format!("{} enters before it leaves", item.actor),
                    format!("{} without an enter", item.quote()),
                    vec![item.line],
                ));
            }
        }
    }
}

impl Check for Bounded {
    fn line(&mut self, l: &Line) {
        self.feed(l);
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        self.drain();
        if !self.entered {
            return Err(Broken::new(
                "bounded-concurrency",
                format!("at least one `{}`", self.enter),
                "none in the trace".into(),
                vec![],
            ));
        }
        self.broken.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn bounded_catches_a_third_actor_inside() {
        let rule = Rule::Bounded {
            enter: Select::kind("acquire"),
            leave: Select::kind("release"),
            max: 2,
        };
        holds(
            &rule,
            &trace(&[
                ("t1", "acquire", ""),
                ("t2", "acquire", ""),
                ("t1", "release", ""),
                ("t3", "acquire", ""),
                ("t2", "release", ""),
                ("t3", "release", ""),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("t1", "acquire", ""),
                ("t2", "acquire", ""),
                ("t3", "acquire", ""),
            ]),
        );
        assert_eq!(v.rule, "bounded-concurrency");
        assert_eq!(v.lines, vec![1, 2, 3]);
        let v = violation(
            &rule,
            &trace(&[("t1", "acquire", ""), ("t2", "release", "")]),
        );
        assert!(v.got.contains("without an enter"), "{}", v.got);
    }
}
