//! Every cell's stream operations (`XADD`, `XREADGROUP`, `XAUTOCLAIM`, `XACK`, recorded as
//! `call`/`ret`) checked against the model of a consumer group: at-least-once delivery
//! (`interleaving::linear::consumer_group`). Real-time order comes from `t_ns`: the lesson's
//! processes run on this machine, on one `CLOCK_MONOTONIC` (network namespaces share it).

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::linear::consumer_group;

use crate::cells::{BACKPRESSURE, COMPETING_WORKERS, POOL_MAP, STREAM_QUEUE, WORKER_DIES};

/// The consumer-group property of every cell.
pub fn properties() -> Vec<Property> {
    [
        STREAM_QUEUE,
        COMPETING_WORKERS,
        WORKER_DIES,
        POOL_MAP,
        BACKPRESSURE,
    ]
    .into_iter()
    .flat_map(|c| cell(c, [("consumer-group", consumer_group::at_least_once())]))
    .collect()
}
