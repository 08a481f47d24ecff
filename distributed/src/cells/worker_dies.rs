//! A worker dies mid-item: its entry stays pending until a live worker claims it.

use std::time::Duration;

use anyhow::Context;
use interleaving::Actor;

use super::{Lab, WORKER_DIES, join_all, knob, put_many};
use crate::kinds;

/// How long worker-1 may take to reach the item it dies holding: it works through
/// `kill_after` items alone, `work` each plus a few round trips, after starting up (a process
/// on a loaded machine). Derived from the knobs, so any knobs in range have the time they need.
pub fn holding_bound(kill_after: u64, work: Duration) -> Duration {
    let per_item = work + Duration::from_millis(20);
    Duration::from_secs(10) + per_item * kill_after as u32
}

/// worker-1 reads its `kill_after`-th item, stores the result, and is killed before `XACK`.
/// The live workers claim (`XAUTOCLAIM`) what sat unacknowledged for `min_idle_ms` and do it
/// again: at-least-once. Their sink writes a result only if absent: the effect is once.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let k = &lab.knobs;
    // The doomed worker must get to its kill_after-th item, and someone must survive it.
    let items = k.items.max(k.kill_after + 1);
    let workers = k.workers.max(2);
    knob(&[
        ("items", items),
        ("workers", workers),
        ("kill_after", k.kill_after),
        ("min_idle_ms", k.min_idle_ms),
        ("batch", k.batch),
    ]);
    let mut b = lab.fresh(WORKER_DIES)?;
    let hold_on = k.kill_after.to_string();
    let doomed = lab.worker(&main, WORKER_DIES, "worker-1", &["--hold-on", &hold_on])?;
    let producer = Actor::new("producer");
    let all: Vec<u64> = (0..items).collect();
    for batch in all.chunks(k.batch as usize) {
        put_many(&producer, &mut b, batch)?;
    }
    b.set_done()?;
    producer.emit(kinds::DONE, items.to_string());
    // worker-1 alone takes the first items, so it surely reaches the one it dies with.
    // The entry's id stays out of the printed line (it differs in every run); the trace has it.
    b.wait_holding(holding_bound(
        k.kill_after,
        Duration::from_millis(k.work_ms),
    ))
    .context("waiting for worker-1 to hold an item")?;
    main.print("worker-1 holds an item, processed, not acknowledged: SIGKILL");
    doomed.kill(&main)?;
    // New: the survivors claim what the dead one held, once it has sat idle long enough.
    let live = lab.workers_claiming(&main, WORKER_DIES, 2, workers - 1)?;
    join_all(&main, live)
}
