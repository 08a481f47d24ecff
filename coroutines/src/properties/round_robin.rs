//! The scheduler's queue, replayed from the trace as it streams.

use std::collections::{HashMap, VecDeque};

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, kinds as shared};

use crate::kinds;

const RULE: &str = "round-robin";
const STATEMENT: &str = "each turn goes to the task at the front of the queue; every task finishes";

/// The scheduler's queue: tasks start in the order of main's `start` events; each turn (a
/// task's `yield` or `return`) must be the task at the front; a task that yields goes to the
/// back, one that returns leaves; at the end the queue is empty.
///
/// The queue holds every start of the cell, even one further on than a turn, so a turn that
/// comes when every task started so far has had its first turn cannot be judged yet: a later
/// `start` would be the front it must match. Its state: each task's name once (turns name
/// tasks by number), the queue, and those turns no start or end has judged yet, one small
/// record each (task, yield or return, line). In a run whose starts all come first, these are
/// its turns after the first round, all judged at the end.
#[derive(Default)]
pub(super) struct RoundRobin {
    names: Vec<String>,
    numbers: HashMap<String, u32>,
    started: bool,
    /// Tasks started and not yet at a turn, in the order of their starts.
    unturned: VecDeque<u32>,
    /// Tasks that yielded, in the order they did.
    requeued: VecDeque<u32>,
    /// Turns that came while `unturned` was empty, oldest first.
    waiting: VecDeque<Turn>,
    broken: Option<Outcome>,
}

/// A turn, waiting for what it must match.
#[derive(Debug, Clone, Copy)]
struct Turn {
    task: u32,
    yielded: bool,
    line: usize,
}

impl RoundRobin {
    fn number(&mut self, name: &str) -> u32 {
        if let Some(n) = self.numbers.get(name) {
            return *n;
        }
        let n = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.numbers.insert(name.to_owned(), n);
        n
    }

    /// `turn` taken when `front` was at the front of the queue.
    fn judge(&mut self, turn: Turn, front: Option<u32>) {
        if front == Some(turn.task) {
            if turn.yielded {
                self.requeued.push_back(turn.task);
            }
            return;
        }
        let kind = if turn.yielded {
            kinds::YIELD
        } else {
            kinds::RETURN
        };
        self.broken = Some(violated(
            RULE,
            STATEMENT,
            format!(
                "a turn of {}",
                front.map_or("nobody (all finished)", |f| &self.names[f as usize])
            ),
            format!("{kind} by {}", self.names[turn.task as usize]),
            vec![turn.line],
        ));
        self.waiting.clear();
    }
}

impl Fold for RoundRobin {
    fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        let e = &l.event;
        if e.actor == "main" && e.kind == shared::START {
            self.started = true;
            let task = self.number(&e.value);
            // The oldest turn still waiting had this start at its front.
            match self.waiting.pop_front() {
                Some(turn) => self.judge(turn, Some(task)),
                None => self.unturned.push_back(task),
            }
            return;
        }
        if e.kind != kinds::YIELD && e.kind != kinds::RETURN {
            return;
        }
        let turn = Turn {
            task: self.number(&e.actor),
            yielded: e.kind == kinds::YIELD,
            line: l.no,
        };
        match self.unturned.pop_front() {
            Some(front) => self.judge(turn, Some(front)),
            None => self.waiting.push_back(turn),
        }
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        if !self.started {
            return violated(
                RULE,
                STATEMENT,
                "at least one task started".into(),
                "none".into(),
                vec![],
            );
        }
        // No start is left to come: what waits takes its turn from the tasks that yielded.
        while self.broken.is_none()
            && let Some(turn) = self.waiting.pop_front()
        {
            let front = self.requeued.pop_front();
            self.judge(turn, front);
        }
        if let Some(broken) = self.broken {
            return broken;
        }
        let left: Vec<&str> = (self.unturned.iter().chain(&self.requeued))
            .map(|t| self.names[*t as usize].as_str())
            .collect();
        if left.is_empty() {
            Outcome::Held
        } else {
            violated(
                RULE,
                STATEMENT,
                "every task returned".into(),
                format!("{left:?} never returned"),
                vec![],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RoundRobin;
    use interleaving::{Outcome, Rule, Trace};

    fn judge(steps: &[(&str, &str, &str)]) -> Outcome {
        Rule::fold(RoundRobin::default).eval(&Trace::from_steps(steps.iter().copied()).lines)
    }

    #[test]
    fn turns_go_round_and_every_task_returns() {
        let (a, b) = (("main", "start", "a"), ("main", "start", "b"));
        let turns = [("a", "yield", ""), ("b", "return", ""), ("a", "return", "")];
        assert_eq!(judge(&[[a, b].as_slice(), &turns].concat()), Outcome::Held);
        let Outcome::Violated(v) = judge(&[a, b, ("b", "yield", "")]) else {
            panic!("b took a's turn");
        };
        assert_eq!((v.expected.as_str(), v.lines), ("a turn of a", vec![3]));
    }

    #[test]
    fn a_start_after_a_turn_still_comes_before_the_tasks_that_yielded() {
        // The queue is every start, then the tasks that yielded: b's late start is the front
        // when a's second turn comes, as if it had been written first.
        let steps = [
            ("main", "start", "a"),
            ("a", "yield", ""),
            ("a", "yield", ""),
            ("main", "start", "b"),
        ];
        let Outcome::Violated(v) = judge(&steps) else {
            panic!("a's second turn was b's");
        };
        assert_eq!((v.expected.as_str(), v.lines), ("a turn of b", vec![3]));
    }
}
