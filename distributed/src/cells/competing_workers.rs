//! Competing workers: N processes in one consumer group share the stream's entries.

use interleaving::Actor;

use super::{COMPETING_WORKERS, Lab, feed_workers, join_all, knob};

/// Each entry goes to exactly one consumer of the group. The producer adds the items, then
/// says it is done (`SET stream:done`), and each worker stops when nothing is left.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let k = &lab.knobs;
    knob(&[
        ("items", k.items),
        ("workers", k.workers),
        ("work_ms", k.work_ms),
        ("batch", k.batch),
    ]);
    // New: no end marker (it would stop only one worker): a flag, and a drained group.
    let (_, workers) = feed_workers(lab, &main, COMPETING_WORKERS, |_, _, _| Ok(u64::MAX))?;
    join_all(&main, workers)
}
