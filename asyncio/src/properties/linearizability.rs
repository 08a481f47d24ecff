//! The queue cells' contract as a queue: every run can be explained as the recorded `put`s
//! and `get`s (`call`/`ret` events) happening one at a time, each inside its call, in an
//! order a sequential FIFO queue allows (`asyncio.Queue` is FIFO).

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::linear::{self, Model};

use crate::cells::{QUEUE, QUEUE_JOIN};

/// The linearizability properties of the queue and queue-join cells.
pub fn properties() -> Vec<Property> {
    let fifo = || linear::linearizable(Model::Fifo);
    [
        cell(QUEUE, [("linearizable", fifo())]),
        cell(QUEUE_JOIN, [("linearizable", fifo())]),
    ]
    .concat()
}
