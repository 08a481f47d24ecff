//! Backpressure: the items put and not yet got never exceed what a bounded queue can hold.

use std::collections::BTreeSet;

use interleaving::fold::Fold;
use interleaving::{Line, Outcome, Rule};

use super::announced::Announced;
use super::violated;
use crate::kinds::{CAPACITY, GET, PUT};

/// "Items put but not yet got never exceed capacity + producers + consumers", the capacity
/// being the one main announces. See [`Backpressure`].
pub(crate) fn backpressure() -> Rule {
    Rule::fold(Backpressure::new)
}

/// Its state: the capacity main announced, who put and who got (one name per actor), how
/// many items are in flight, and the line where each number in flight was first reached:
/// the bound is known only at the end (a producer may first put late), and the first line
/// over it is where one more than it was first reached.
pub(crate) struct Backpressure {
    capacity: Announced,
    producers: BTreeSet<String>,
    consumers: BTreeSet<String>,
    in_flight: usize,
    /// `first_reached[n - 1]`: the line where `n` items were first in flight.
    first_reached: Vec<usize>,
}

impl Backpressure {
    fn new() -> Self {
        Backpressure {
            capacity: Announced::new(CAPACITY),
            producers: BTreeSet::new(),
            consumers: BTreeSet::new(),
            in_flight: 0,
            first_reached: Vec::new(),
        }
    }
}

/// Adds `actor` to `who`, copying its name only the first time.
fn note(who: &mut BTreeSet<String>, actor: &str) {
    if !who.contains(actor) {
        who.insert(actor.to_owned());
    }
}

impl Fold for Backpressure {
    fn line(&mut self, l: &Line) {
        self.capacity.line(l);
        let e = &l.event;
        match e.kind.as_str() {
            PUT => {
                note(&mut self.producers, &e.actor);
                self.in_flight += 1;
                if self.in_flight > self.first_reached.len() {
                    self.first_reached.push(l.no);
                }
            }
            GET => {
                note(&mut self.consumers, &e.actor);
                self.in_flight = self.in_flight.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let cap = match self.capacity.get() {
            Ok((cap, _)) => cap,
            Err(o) => return o,
        };
        // Put but not yet got: in the queue (at most cap), in a producer's pending send (one
        // each), or taken by a consumer and not yet reported (one each).
        let bound = cap + self.producers.len() + self.consumers.len().max(1);
        match self.first_reached.get(bound) {
            None => Outcome::Held,
            Some(line) => violated(
                "backpressure",
                "items put but not yet got never exceed capacity + producers + consumers",
                format!("at most {bound} in flight (capacity {cap})"),
                format!("{} in flight at line {line}", bound + 1),
                vec![*line],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use interleaving::{Outcome, Trace};

    use super::backpressure;

    #[test]
    fn the_bound_counts_every_producer_and_the_capacity_said_late() {
        let mut steps = vec![
            ("p-0", "put", "a"),
            ("p-0", "put", "b"),
            ("p-0", "put", "c"),
            ("c-0", "get", "a"),
        ];
        let rule = backpressure();
        // Capacity 1, one producer, one consumer: at most 3 in flight.
        steps.push(("main", "capacity", "1"));
        assert_eq!(
            rule.eval(&Trace::from_steps(steps.clone()).lines),
            Outcome::Held
        );
        steps.insert(3, ("p-0", "put", "d"));
        let Outcome::Violated(v) = rule.eval(&Trace::from_steps(steps.clone()).lines) else {
            panic!("4 in flight");
        };
        assert_eq!(
            (v.got.as_str(), v.lines),
            ("4 in flight at line 4", vec![4])
        );
        // A second producer, however late, makes room for one more.
        steps.push(("p-1", "put", "e"));
        assert_eq!(rule.eval(&Trace::from_steps(steps).lines), Outcome::Held);
    }
}
