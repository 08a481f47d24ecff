//! Linearizability, the contract of a concurrent queue: every run can be explained as the
//! operations happening one at a time, each inside its call, in an order a sequential FIFO
//! queue allows. Checked on every cell that records its operations (`call`/`ret` events),
//! and, the other way round, on the two-lane queue: there the checker must find the
//! violation the cell forces.

use interleaving::declare::{cell, events};
use interleaving::fold::Fold;
use interleaving::linear::{self, HistoryBuilder, Model, Pattern};
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Property, Rule};

use super::per_producer_order;
use crate::cells::{BACKPRESSURE, LANES, MANY, NOTEBOOK};
use crate::kinds;

/// The linearizability properties, cell by cell.
pub fn properties() -> Vec<Property> {
    let fifo = || linear::linearizable(Model::Fifo);
    [
        cell(NOTEBOOK, [("linearizable", fifo())]),
        cell(BACKPRESSURE, [("linearizable", fifo())]),
        cell(MANY, [("linearizable", fifo())]),
        // The two-lane queue: what cell 4 checks still holds...
        cell(
            LANES,
            [
                (
                    "no-loss-no-dup",
                    events(kinds::PUT).no_loss_no_dup(events(kinds::GET)),
                ),
                ("per-producer-order-kept", per_producer_order(kinds::GET)),
                // ...and yet it is no queue, which the checker must see.
                ("not-linearizable-caught", order_violation_found()),
            ],
        ),
    ]
    .concat()
}

/// The monitor finds an `order` pattern: the two-lane cell forces one in every round.
pub fn order_violation_found() -> Rule {
    Rule::fold(|| OrderCaught(HistoryBuilder::default()))
}

/// The fold of [`order_violation_found`]: what it keeps is the cell's history.
struct OrderCaught(HistoryBuilder);

impl Fold for OrderCaught {
    fn line(&mut self, line: &Line) {
        self.0.line(line);
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str = "the linearizability checker finds b got before a, though put(a) \
                         returned before put(b) began";
        let expected = "an order violation".to_owned();
        match self.0.finish().map(|h| linear::check(&h, Model::Fifo)) {
            Ok(Err(f)) if f.pattern == Pattern::Order => Outcome::Held,
            Ok(Err(f)) => violated("violation-caught", S, expected, f.to_string(), f.lines()),
            Ok(Ok(())) => violated(
                "violation-caught",
                S,
                expected,
                "a linearizable history: the forced order did not happen".into(),
                vec![],
            ),
            Err(e) => violated("violation-caught", S, expected, e.to_string(), vec![e.line]),
        }
    }
}
