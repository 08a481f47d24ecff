//! Competing workers: N processes in one consumer group share the stream's entries.

use interleaving::Actor;

use super::{COMPETING_WORKERS, Lab, join_all, knob, put};
use crate::kinds;

/// Each entry goes to exactly one consumer of the group. The producer adds the items, then
/// says it is done (`SET stream:done`), and each worker stops when nothing is left.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let k = &lab.knobs;
    knob(&[
        ("items", k.items),
        ("workers", k.workers),
        ("work_ms", k.work_ms),
    ]);
    let mut b = lab.fresh(COMPETING_WORKERS)?;
    let workers = lab.workers(&main, COMPETING_WORKERS, 1, k.workers)?;
    let producer = Actor::new("producer");
    for i in 0..k.items {
        put(&producer, &mut b, i)?;
    }
    // New: no end marker (it would stop only one worker): a flag, and a drained group.
    b.set_done()?;
    producer.emit(kinds::DONE, k.items.to_string());
    join_all(&main, workers)
}
