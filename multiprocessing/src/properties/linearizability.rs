//! The queue cell's contract as a queue: every run can be explained as the recorded `put`s
//! and `get`s (`call`/`ret` events, from two processes on one `CLOCK_MONOTONIC`) happening
//! one at a time, each inside its call, in an order a sequential FIFO queue allows.
//!
//! Python's `multiprocessing.Queue` is linearizable only with one producer: its `put` returns
//! once a feeder thread has the item, before it is in the pipe, so a second producer's later
//! put can overtake it. The cell has one producer, as the notebook does.

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::linear::{self, Model};

use crate::cells::QUEUE;

/// The linearizability property of the queue cell.
pub fn properties() -> Vec<Property> {
    cell(QUEUE, [("linearizable", linear::linearizable(Model::Fifo))])
}
