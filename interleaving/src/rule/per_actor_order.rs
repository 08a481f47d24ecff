//! Each actor's `seq` goes 0, 1, 2... in trace order.

use std::collections::{HashMap, HashSet};

use super::{Broken, Check, LESSON_ACTOR};
use crate::event::kinds;
use crate::read::Line;

/// `Rule::PerActorOrder`. Its state: per (actor, pid), the next seq expected and the line of
/// its last event; and which actors the current cell has seen.
#[derive(Default)]
pub(super) struct PerActorOrder {
    next: HashMap<(String, u32), (u64, usize)>,
    // The first event of an actor in a cell may also start again at 0, as cells may make their
    // actors afresh.
    in_cell: HashSet<(String, u32)>,
    broken: Option<Broken>,
}

impl Check for PerActorOrder {
    fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        let e = &l.event;
        if e.kind == kinds::CELL {
            // A new cell: its actors may start afresh. The `cell` event itself is the
            // lesson actor's, and counts like any other of its events.
            self.in_cell.clear();
        }
        let key = (e.actor.clone(), e.pid);
        let fresh = !self.in_cell.contains(&key);
        if fresh {
            self.in_cell.insert(key.clone());
        }
        // The lesson actor lives through the whole run: in a slice of the trace (one cell) its
        // count goes on from wherever it was. Its first event, seq 0, is checked by
        // `every_trace` on whole traces.
        let start = if e.actor == LESSON_ACTOR { e.seq } else { 0 };
        let slot = self.next.entry(key).or_insert((start, 0));
        let ok = e.seq == slot.0 || (fresh && e.seq == 0);
        if ok {
            *slot = (e.seq + 1, l.no);
            return;
        }
        let (expected, prev) = if slot.1 == 0 {
            ("seq 0".to_owned(), "its first line".to_owned())
        } else if fresh {
            (
                format!("seq 0 or {}", slot.0),
                format!(
                    "its first line in this cell; line {} had seq {}",
                    slot.1,
                    slot.0 - 1
                ),
            )
        } else {
            (
                format!("seq {}", slot.0),
                format!("line {} had seq {}", slot.1, slot.0 - 1),
            )
        };
        self.broken = Some(Broken::new(
            "per-actor-order",
            format!("{} (pid {}) {expected} at line {}", e.actor, e.pid, l.no),
            format!(
                "seq {} ({prev}): a line of {} was lost, duplicated or reordered",
                e.seq, e.actor
            ),
            if slot.1 == 0 {
                vec![l.no]
            } else {
                vec![slot.1, l.no]
            },
        ));
    }

    fn finish(self: Box<Self>) -> Result<(), Broken> {
        self.broken.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, pid_of, trace, violation};
    use crate::{Event, Line, Outcome, Rule, Trace};

    #[test]
    fn per_actor_order_catches_reordered_duplicated_and_lost_lines() {
        let ok = trace(&[
            ("a", "print", "1"),
            ("b", "print", "x"),
            ("a", "print", "2"),
        ]);
        holds(&Rule::PerActorOrder, &ok);

        let mut reordered = ok.clone();
        reordered.lines.swap(0, 2);
        let reordered = Trace::from_events(reordered.lines.into_iter().map(|l| l.event));
        let v = violation(&Rule::PerActorOrder, &reordered);
        assert_eq!(v.rule, "per-actor-order");
        assert_eq!(v.lines, vec![1]);

        let mut duplicated = ok.clone();
        let copy = duplicated.lines[0].clone();
        duplicated.lines.insert(1, copy);
        assert!(matches!(
            Rule::PerActorOrder.eval(&duplicated.lines),
            Outcome::Violated(_)
        ));

        let mut lost = ok.clone();
        lost.lines.remove(0);
        assert!(matches!(
            Rule::PerActorOrder.eval(&lost.lines),
            Outcome::Violated(_)
        ));
    }

    #[test]
    fn per_actor_order_starts_again_in_each_cell_and_still_catches_a_lost_first_line() {
        let t = trace(&[
            ("lesson", "cell", "a"),
            ("main", "print", "1"),
            ("main", "print", "2"),
            ("lesson", "cell", "b"),
        ]);
        let mut t = t;
        // Cell b makes its own `main`, whose seq starts at 0 again.
        t.lines.push(Line {
            no: 5,
            event: Event::new(0, 9, pid_of("main"), "main", "print", "3"),
        });
        holds(&Rule::PerActorOrder, &t);
        // Going on from the last cell is fine too (one actor for the whole lesson)...
        t.lines[4].event.seq = 2;
        holds(&Rule::PerActorOrder, &t);
        // ...but anything else means a line was lost or duplicated.
        t.lines[4].event.seq = 1;
        let v = violation(&Rule::PerActorOrder, &t);
        assert_eq!(v.lines, vec![3, 5]);
        assert!(v.expected.contains("seq 0 or 2"), "{}", v.expected);
    }
}
