//! The queue cells' contract as queues: every run can be explained as the recorded `put`s
//! and `get`s (`call`/`ret` events) happening one at a time, each inside its call, in an
//! order the sequential queue allows: FIFO for `asyncio.Queue`, LIFO for `LifoQueue`, lowest
//! first for `PriorityQueue`.

use interleaving::declare::{cell, events, lines};
use interleaving::linear::{self, Model};
use interleaving::{Line, Property, Rule};

use crate::cells::{QUEUE, QUEUE_FAMILY, QUEUE_JOIN};
use crate::kinds::SHUTDOWN;

/// The linearizability properties of the queue, queue-join and queue-family cells.
pub fn properties() -> Vec<Property> {
    let fifo = || linear::linearizable(Model::Fifo);
    let says = |text: &str| lines().by("main").value(text).count(1);
    let ends_after = |obj: &str| {
        events(SHUTDOWN)
            .by("main")
            .value(obj)
            .before(events(interleaving::kinds::EXIT).by(&format!("{obj}-consumer-*")))
    };
    [
        cell(QUEUE, [("fifo-linearizable", fifo())]),
        cell(QUEUE_JOIN, [("queue-join-fifo-linearizable", fifo())]),
        cell(
            QUEUE_FAMILY,
            [
                ("lifo-linearizable", object("lifo", Model::Lifo)),
                ("priority-linearizable", object("priority", Model::Priority)),
                (
                    "lifo-gives-last-in-first",
                    says("LifoQueue: put 3 1 4 0 2, got 2 0 4 1 3"),
                ),
                (
                    "priority-gives-smallest-first",
                    says("PriorityQueue: put 3 1 4 0 2, got 0 1 2 3 4"),
                ),
                ("lifo-consumers-end-after-shutdown", ends_after("lifo")),
                (
                    "priority-consumers-end-after-shutdown",
                    ends_after("priority"),
                ),
            ],
        ),
    ]
    .concat()
}

/// The history of the queue the trace calls `obj` (`"lifo.put 3"`), linearizable against
/// `model`; the other objects' operations are left out.
fn object(obj: &'static str, model: Model) -> Rule {
    let rule = linear::linearizable(model);
    Rule::custom(move |all| {
        let prefix = format!("{obj}.");
        let mine: Vec<Line> = all
            .iter()
            .filter(|l| {
                let op = l.event.kind == linear::CALL || l.event.kind == linear::RET;
                !op || l.event.value.starts_with(&prefix)
            })
            .cloned()
            .collect();
        rule.eval(&mine)
    })
}
