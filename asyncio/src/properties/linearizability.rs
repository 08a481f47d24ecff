//! The queue cells' contract as queues: every run can be explained as the recorded `put`s
//! and `get`s (`call`/`ret` events) happening one at a time, each inside its call, in an
//! order the sequential queue allows: FIFO for `asyncio.Queue`, LIFO for `LifoQueue`, lowest
//! first for `PriorityQueue`.

use interleaving::declare::{cell, events, lines};
use interleaving::fold::Fold;
use interleaving::linear::{self, Model};
use interleaving::{Line, Outcome, Property, Rule};

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
/// `model`; the other objects' operations are left out. See [`Object`].
fn object(obj: &'static str, model: Model) -> Rule {
    let rule = linear::linearizable(model);
    Rule::fold(move || Object {
        prefix: format!("{obj}."),
        history: rule.start(),
    })
}

/// Its state is the linearizable rule's own (the object's operations, see
/// [`linear::HistoryBuilder`]), given every line but the other objects' `call`s and `ret`s.
struct Object {
    prefix: String,
    history: Box<dyn Fold>,
}

impl Fold for Object {
    fn line(&mut self, l: &Line) {
        let op = l.event.kind == linear::CALL || l.event.kind == linear::RET;
        if !op || l.event.value.starts_with(&self.prefix) {
            self.history.line(l);
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.history.finish()
    }
}
