//! "Each `after` item answered by a `before` item on an earlier line": the fold behind
//! [`value_seen_before`](super::value_seen_before) and
//! [`actor_acted_before`](super::actor_acted_before).

use std::collections::HashMap;

use interleaving::fold::Fold;
use interleaving::select::{Item, Picked, Picker};
use interleaving::{Line, Outcome, Select};

use super::violated;

/// What of a `before` item an `after` item's value must equal to be answered by it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum By {
    /// Its value (a get answered by the put of its value).
    Value,
    /// Its actor (a result answered by a line of the task it names).
    Actor,
}

impl By {
    fn of<'p>(self, p: &'p Picked<'_>) -> &'p str {
        match self {
            By::Value => &p.value,
            By::Actor => p.actor,
        }
    }
}

/// Its state keeps one record per key (a value, or an actor) of the `before` items: the line
/// of the first with it, as one `before` answers every later `after` of its key, however
/// much later (so a key is never done with). Besides: how many `after` items came, and the
/// first left unanswered; once that one is found the verdict is settled, and the keys stop
/// growing.
pub(crate) struct SeenBefore {
    rule: &'static str,
    statement: String,
    before: Select,
    after: Select,
    by: By,
    wanted: fn(&Select, &Item) -> String,
    pickers: Option<(Picker, Picker)>,
    first_at: HashMap<String, usize>,
    afters: usize,
    unanswered: Option<Item>,
    /// For a `last()` `before` selection, whose one item comes only at the end: the `after`
    /// items it could still leave unanswered. `None` otherwise, or once it came.
    late: Option<Late>,
}

impl SeenBefore {
    /// The fold of `rule`: each `after` item's value is the `by` of an earlier `before` item;
    /// `wanted` says what an unanswered one needed.
    pub(crate) fn new(
        rule: &'static str,
        statement: String,
        (before, after): (&Select, &Select),
        by: By,
        wanted: fn(&Select, &Item) -> String,
    ) -> Self {
        let late = (before.clone().last() == *before).then(Late::default);
        SeenBefore {
            rule,
            statement,
            before: before.clone(),
            after: after.clone(),
            by,
            wanted,
            pickers: Some((Picker::new(before), Picker::new(after))),
            first_at: HashMap::new(),
            afters: 0,
            unanswered: None,
            late,
        }
    }

    fn take_before(&mut self, p: Picked) {
        let key = self.by.of(&p);
        if self.unanswered.is_none() && !self.first_at.contains_key(key) {
            self.first_at.insert(key.to_owned(), p.line);
        }
    }

    fn take_after(&mut self, p: Picked) {
        self.afters += 1;
        if let Some(late) = &mut self.late {
            late.take(&p);
            return;
        }
        if self.unanswered.is_some() {
            return;
        }
        let answered = self
            .first_at
            .get(p.value.as_ref())
            .is_some_and(|&at| at < p.first_line);
        if !answered {
            self.unanswered = Some(p.to_item());
        }
    }
}

impl Fold for SeenBefore {
    fn line(&mut self, l: &Line) {
        let Some((mut before, mut after)) = self.pickers.take() else {
            return;
        };
        // At one line, the `before` items first: neither answers the other's line anyway.
        before.line(l, &mut |p| self.take_before(p));
        after.line(l, &mut |p| self.take_after(p));
        self.pickers = Some((before, after));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        if let Some((mut before, mut after)) = self.pickers.take() {
            let mut last = None;
            before.finish(&mut |p| {
                last = Some((self.by.of(&p).to_owned(), p.line));
                self.take_before(p);
            });
            if let Some(late) = self.late.take() {
                self.unanswered = late.unanswered(last.as_ref().map(|(k, l)| (k.as_str(), *l)));
            }
            after.finish(&mut |p| self.take_after(p));
        }
        if self.afters == 0 {
            return violated(
                self.rule,
                &self.statement,
                format!("at least one `{}`", self.after),
                "none in the trace".into(),
                vec![],
            );
        }
        match self.unanswered {
            None => Outcome::Held,
            Some(item) => violated(
                self.rule,
                &self.statement,
                (self.wanted)(&self.before, &item),
                format!("{} with none before it", item.quote()),
                vec![item.line],
            ),
        }
    }
}

/// The `after` items that a `before` item coming only at the end, with key K on line L, could
/// leave unanswered: the first to have a value other than K, or the first whose value is K and
/// which began at or before L. Whatever K and L, that one is the first item, or the first with
/// a value other than the first's, or one of the first's value that began on a lower line
/// than every earlier one of that value: those are all it keeps.
#[derive(Default)]
struct Late {
    /// The items with the first item's value, each beginning lower than those before it.
    lowering: Vec<(usize, Item)>,
    /// The first item with another value.
    other: Option<(usize, Item)>,
    seen: usize,
}

impl Late {
    fn take(&mut self, p: &Picked) {
        let n = self.seen;
        self.seen += 1;
        let Some((_, first)) = self.lowering.first() else {
            self.lowering.push((n, p.to_item()));
            return;
        };
        if *p.value != first.value {
            self.other.get_or_insert_with(|| (n, p.to_item()));
        } else if self.other.is_none()
            && self
                .lowering
                .last()
                .is_some_and(|(_, low)| p.first_line < low.first_line)
        {
            // After `other`, an item of the first's value can never come before it.
            self.lowering.push((n, p.to_item()));
        }
    }

    /// The first item the `before` item `(key, line)` (if any) leaves unanswered.
    fn unanswered(self, before: Option<(&str, usize)>) -> Option<Item> {
        let mut lowering = self.lowering.into_iter();
        let (n0, first) = lowering.next()?;
        let Some((_, line)) = before.filter(|(key, _)| *key == first.value) else {
            return Some(first);
        };
        let early = std::iter::once((n0, first))
            .chain(lowering)
            .find(|(_, i)| i.first_line <= line);
        [early, self.other]
            .into_iter()
            .flatten()
            .min_by_key(|(n, _)| *n)
            .map(|(_, i)| i)
    }
}

#[cfg(test)]
mod tests {
    use interleaving::{Outcome, Select, Trace};

    use crate::rules::value_seen_before;

    fn trace(steps: &[(&str, &str, &str)]) -> Trace {
        Trace::from_steps(steps.iter().copied())
    }

    #[test]
    fn a_get_is_answered_by_any_earlier_put_of_its_value() {
        let rule = value_seen_before(Select::kind("put"), Select::kind("get"));
        let t = trace(&[("p", "put", "1"), ("c", "get", "1"), ("c", "get", "1")]);
        assert_eq!(rule.eval(&t.lines), Outcome::Held);
        let t = trace(&[("p", "put", "1"), ("c", "get", "2"), ("c", "get", "3")]);
        assert!(matches!(rule.eval(&t.lines), Outcome::Violated(v) if v.lines == [2]));
    }

    #[test]
    fn a_last_put_read_at_the_end_still_answers_only_later_gets() {
        let rule = value_seen_before(Select::kind("put").last(), Select::kind("get"));
        let t = trace(&[("p", "put", "2"), ("p", "put", "1"), ("c", "get", "1")]);
        assert_eq!(rule.eval(&t.lines), Outcome::Held);
        // The first get (line 1) came before the last put (line 3), the second is another value.
        let t = trace(&[("c", "get", "1"), ("c", "get", "2"), ("p", "put", "1")]);
        assert!(matches!(rule.eval(&t.lines), Outcome::Violated(v) if v.lines == [1]));
        let t = trace(&[("p", "put", "1"), ("c", "get", "1"), ("c", "get", "2")]);
        assert!(matches!(rule.eval(&t.lines), Outcome::Violated(v) if v.lines == [3]));
    }
}
