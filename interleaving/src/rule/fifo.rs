//! The sequence of values consumed equals the sequence produced.

use std::collections::VecDeque;

use super::{Broken, Check, Shown, Side, TakesTwo, Two};
use crate::read::Line;
use crate::select::{Item, Picked, Select};

/// `Rule::Fifo`. Its state: the items of whichever side is ahead, not yet compared with the
/// other's (what is in the queue), and the first pair that differs.
pub(super) struct Fifo {
    two: Two,
    produced: Shown<String>,
    consumed: Shown<String>,
    ahead: VecDeque<(Side, Item)>,
    compared: usize,
    differ: Option<(usize, Item, Item)>,
}

impl Fifo {
    pub(super) fn new(produced: &Select, consumed: &Select) -> Self {
        Fifo {
            two: Two::new(produced, consumed),
            produced: Shown::default(),
            consumed: Shown::default(),
            ahead: VecDeque::new(),
            compared: 0,
            differ: None,
        }
    }
}

impl TakesTwo for Fifo {
    fn two(&mut self) -> &mut Two {
        &mut self.two
    }

    fn take(&mut self, side: Side, i: Picked<'_>) {
        match side {
            Side::A => self.produced.push(i.value.to_string()),
            Side::B => self.consumed.push(i.value.to_string()),
        }
        if self.differ.is_some() {
            return;
        }
        match self.ahead.front() {
            Some((s, _)) if *s != side => {
                let (_, other) = self.ahead.pop_front().expect("just seen");
                if other.value != i.value {
                    let (p, c) = match side {
                        Side::A => (i.to_item(), other),
                        Side::B => (other, i.to_item()),
                    };
                    self.differ = Some((self.compared, p, c));
                }
                self.compared += 1;
            }
            _ => self.ahead.push_back((side, i.to_item())),
        }
    }
}

impl Check for Fifo {
    fn line(&mut self, l: &Line) {
        self.feed(l);
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        self.drain();
        let (k, p, c) = match self.differ.take() {
            Some((k, p, c)) => (k, Some(p), Some(c)),
            None => match self.ahead.pop_front() {
                None => return Ok(()),
                Some((Side::A, p)) => (self.compared, Some(p), None),
                Some((Side::B, c)) => (self.compared, None, Some(c)),
            },
        };
        let at: Vec<usize> = p.iter().chain(c.iter()).map(|i| i.line).collect();
        Err(Broken::new(
            "fifo",
            format!("{}", self.produced),
            format!(
                "{}: first difference at position {k} ({} vs {})",
                self.consumed,
                p.as_ref().map_or("nothing produced".into(), Item::quote),
                c.as_ref().map_or("nothing consumed".into(), Item::quote)
            ),
            at,
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn fifo_catches_a_swap() {
        let rule = Rule::Fifo {
            produced: Select::kind("put"),
            consumed: Select::kind("get"),
        };
        holds(
            &rule,
            &trace(&[
                ("p", "put", "0"),
                ("p", "put", "1"),
                ("c", "get", "0"),
                ("c", "get", "1"),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("p", "put", "0"),
                ("p", "put", "1"),
                ("c", "get", "1"),
                ("c", "get", "0"),
            ]),
        );
        assert_eq!(v.rule, "fifo");
        assert!(v.got.contains("position 0"), "{}", v.got);
        assert_eq!(v.lines, vec![1, 3]);
    }
}
