//! The values consumed equal the values produced as multisets: nothing lost, nothing
//! duplicated, whatever the order; and something was produced.

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::{Broken, Check, Side, TakesTwo, Two};
use crate::read::Line;
use crate::select::{Item, Picked, Select};

/// `Rule::NoLossNoDup`. Its state is what is in flight: per value, the lines of the items
/// produced and not yet consumed, or the items consumed before (or beyond) any produced.
pub(super) struct NoLossNoDup {
    two: Two,
    produced_select: Select,
    produced: usize,
    in_flight: HashMap<String, Balance>,
}

/// One value's items not yet matched: produced ones (their lines) or consumed ones.
enum Balance {
    Produced(VecDeque<usize>),
    Consumed(VecDeque<Item>),
}

impl NoLossNoDup {
    pub(super) fn new(produced: &Select, consumed: &Select) -> Self {
        NoLossNoDup {
            two: Two::new(produced, consumed),
            produced_select: produced.clone(),
            produced: 0,
            in_flight: HashMap::new(),
        }
    }
}

impl TakesTwo for NoLossNoDup {
    fn two(&mut self) -> &mut Two {
        &mut self.two
    }

    fn take(&mut self, side: Side, i: Picked<'_>) {
        if side == Side::A {
            self.produced += 1;
        }
        let value = i.value.as_ref();
        let Some(balance) = self.in_flight.get_mut(value) else {
            let b = match side {
                Side::A => Balance::Produced(VecDeque::from([i.line])),
                Side::B => Balance::Consumed(VecDeque::from([i.to_item()])),
            };
            self.in_flight.insert(value.to_owned(), b);
            return;
        };
        // The first items consumed of a value are the ones its produced items match, as when
        // every produced item is counted before any consumed one.
        let empty = match (balance, side) {
            (Balance::Produced(lines), Side::A) => {
                lines.push_back(i.line);
                false
            }
            (Balance::Consumed(items), Side::B) => {
                items.push_back(i.to_item());
                false
            }
            (Balance::Produced(lines), Side::B) => {
                lines.pop_front();
                lines.is_empty()
            }
            (Balance::Consumed(items), Side::A) => {
                items.pop_front();
                items.is_empty()
            }
        };
        if empty {
            self.in_flight.remove(value);
        }
    }
}

impl Check for NoLossNoDup {
    fn line(&mut self, l: &Line) {
        self.feed(l);
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        self.drain();
        if self.produced == 0 {
            return Err(Broken::new(
                "no-loss-no-dup",
                format!("at least one `{}`", self.produced_select),
                "none in the trace".into(),
                vec![],
            ));
        }
        if self.in_flight.is_empty() {
            return Ok(());
        }
        let mut lost: BTreeMap<&str, &VecDeque<usize>> = BTreeMap::new();
        let mut dup: Vec<&Item> = Vec::new();
        for (value, b) in &self.in_flight {
            match b {
                Balance::Produced(lines) => {
                    lost.insert(value, lines);
                }
                Balance::Consumed(items) => dup.extend(items),
            }
        }
        dup.sort_by_key(|i| i.line);
        let lost_values: Vec<&str> = lost
            .iter()
            .flat_map(|(v, lines)| std::iter::repeat_n(*v, lines.len()))
            .collect();
        let mut at: Vec<usize> = lost.values().flat_map(|l| l.iter().copied()).collect();
        at.sort_unstable();
        at.extend(dup.iter().map(|i| i.line));
        Err(Broken::new(
            "no-loss-no-dup",
            format!("{} value(s), each consumed once", self.produced),
            format!(
                "lost {lost_values:?}, duplicated or unexpected [{}]",
                dup.iter().map(|i| i.quote()).collect::<Vec<_>>().join("; ")
            ),
            at,
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Outcome, Rule, Select};

    #[test]
    fn no_loss_no_dup_catches_loss_and_duplication() {
        let rule = Rule::NoLossNoDup {
            produced: Select::kind("put"),
            consumed: Select::kind("get"),
        };
        holds(
            &rule,
            &trace(&[
                ("p1", "put", "a"),
                ("p2", "put", "b"),
                ("c2", "get", "b"),
                ("c1", "get", "a"),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("p1", "put", "a"),
                ("p2", "put", "b"),
                ("c2", "get", "b"),
                ("c1", "get", "b"),
            ]),
        );
        assert_eq!(v.rule, "no-loss-no-dup");
        assert!(v.got.contains("lost [\"a\"]"), "{}", v.got);
        assert_eq!(v.lines, vec![1, 4]);
        assert!(
            matches!(rule.eval(&[]), Outcome::Violated(_)),
            "nothing produced is not a pass"
        );
    }
}
