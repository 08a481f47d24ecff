//! Who is inside the semaphore (between a worker's `enter` and its `leave`): never more than
//! the permits main announces, and the most at once.

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::select::{Picked, Picker};
use interleaving::{Line, Outcome, Rule, Select};

use super::announced::Announced;
use super::violated;
use crate::kinds::{ENTER, LEAVE, PERMITS};

fn enter() -> Select {
    Select::kind(ENTER).by("worker-*")
}

fn leave() -> Select {
    Select::kind(LEAVE).by("worker-*")
}

/// `Rule::Bounded` of the workers' `enter` and `leave`, its bound the permits main announces
/// (main's first `permits` event, wherever it is in the cell). See [`BoundedByPermits`].
pub(crate) fn bounded_by_permits() -> Rule {
    Rule::fold(BoundedByPermits::new)
}

/// Its state: who is inside (actor, pid, line of the enter), whether any worker entered, the
/// first `leave` without its `enter` (nothing after it counts, as for `Rule::Bounded`), and,
/// since the bound may be said after the workers entered, how each count inside was first
/// reached (the lines of those inside then, and the last one in): of every count until main
/// says its permits K (none in a real run, where main says them before it spawns a worker),
/// then only of K + 1.
pub(crate) struct BoundedByPermits {
    permits: Announced,
    pickers: Option<(Picker, Picker)>,
    inside: Vec<(String, u32, usize)>,
    entered: bool,
    reached: BTreeMap<usize, (Vec<usize>, String)>,
    /// The first `leave` without its `enter`: its actor, quote and line.
    orphan: Option<(String, String, usize)>,
}

impl BoundedByPermits {
    fn new() -> Self {
        BoundedByPermits {
            permits: Announced::new(PERMITS),
            pickers: Some((Picker::new(&enter()), Picker::new(&leave()))),
            inside: Vec::new(),
            entered: false,
            reached: BTreeMap::new(),
            orphan: None,
        }
    }

    /// Whether how `n` inside was first reached may be the violation.
    fn may_break(&self, n: usize) -> bool {
        match self.permits.said() {
            None => true,
            Some(Some(k)) => n.checked_sub(1) == Some(k),
            Some(None) => false,
        }
    }

    fn take_enter(&mut self, p: Picked) {
        if self.orphan.is_some() {
            return;
        }
        self.entered = true;
        self.inside.push((p.actor.to_owned(), p.pid, p.line));
        let n = self.inside.len();
        if self.may_break(n) && !self.reached.contains_key(&n) {
            let lines = self.inside.iter().map(|(_, _, line)| *line).collect();
            self.reached.insert(n, (lines, p.quote()));
        }
    }

    fn take_leave(&mut self, p: Picked) {
        if self.orphan.is_some() {
            return;
        }
        match self
            .inside
            .iter()
            .position(|(actor, pid, _)| actor == p.actor && *pid == p.pid)
        {
            Some(k) => {
                self.inside.remove(k);
            }
            None => self.orphan = Some((p.actor.to_owned(), p.quote(), p.line)),
        }
    }
}

impl Fold for BoundedByPermits {
    fn line(&mut self, l: &Line) {
        self.permits.line(l);
        let Some((mut enters, mut leaves)) = self.pickers.take() else {
            return;
        };
        enters.line(l, &mut |p| self.take_enter(p));
        leaves.line(l, &mut |p| self.take_leave(p));
        self.pickers = Some((enters, leaves));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        if let Some((mut enters, mut leaves)) = self.pickers.take() {
            enters.finish(&mut |p| self.take_enter(p));
            leaves.finish(&mut |p| self.take_leave(p));
        }
        let k = match self.permits.get() {
            Ok((k, _)) => k,
            Err(o) => return o,
        };
        let statement = Rule::Bounded {
            enter: enter(),
            leave: leave(),
            max: k,
        }
        .statement();
        let rule = "bounded-concurrency";
        if !self.entered {
            return violated(
                rule,
                &statement,
                format!("at least one `{}`", enter()),
                "none in the trace".into(),
                vec![],
            );
        }
        // A count over K reached before the first orphan `leave` broke the rule first.
        let over = k.checked_add(1);
        if let Some((n, (lines, last))) = over.and_then(|n| Some((n, self.reached.remove(&n)?))) {
            return violated(
                rule,
                &statement,
                format!("at most {k} inside at once"),
                format!("{n} inside after {last}"),
                lines,
            );
        }
        match self.orphan {
            Some((actor, quote, line)) => violated(
                rule,
                &statement,
                format!("{actor} enters before it leaves"),
                format!("{quote} without an enter"),
                vec![line],
            ),
            None => Outcome::Held,
        }
    }
}

/// Observation: the most workers inside at once. See [`MostInside`].
pub(crate) fn most_inside() -> Rule {
    Rule::fold(MostInside::default)
}

/// Its state: how many workers are inside now (every `enter` minus every `leave`), and the
/// most so far.
#[derive(Debug, Default)]
pub(crate) struct MostInside {
    now: i64,
    most: i64,
}

impl Fold for MostInside {
    fn line(&mut self, l: &Line) {
        if !l.event.actor.starts_with("worker-") {
            return;
        }
        match l.event.kind.as_str() {
            ENTER => self.now += 1,
            LEAVE => self.now -= 1,
            _ => {}
        }
        self.most = self.most.max(self.now);
    }

    fn finish(self: Box<Self>) -> Outcome {
        Outcome::Observed(self.most.to_string())
    }
}

#[cfg(test)]
mod tests {
    use interleaving::{Outcome, Trace};

    use super::bounded_by_permits;

    #[test]
    fn permits_said_after_the_workers_entered_still_bound_them() {
        let steps = |permits: &'static str| {
            Trace::from_steps([
                ("worker-0", "enter", "worker-0"),
                ("worker-1", "enter", "worker-1"),
                ("main", "permits", permits),
                ("worker-0", "leave", "worker-0"),
                ("worker-2", "leave", "worker-2"),
            ])
        };
        let rule = bounded_by_permits();
        // Two inside at line 2 broke one permit before worker-2 left without entering.
        let v = match rule.eval(&steps("1").lines) {
            Outcome::Violated(v) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            (v.rule.as_str(), v.lines),
            ("bounded-concurrency", vec![1, 2])
        );
        let v = match rule.eval(&steps("2").lines) {
            Outcome::Violated(v) => v,
            other => panic!("{other:?}"),
        };
        assert!(v.got.ends_with("without an enter"), "{}", v.got);
        let mut t = steps("2");
        t.lines.pop();
        assert_eq!(rule.eval(&t.lines), Outcome::Held);
    }
}
