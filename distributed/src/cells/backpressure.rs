//! Backpressure: the producer waits while the group's backlog is at its bound.

use std::time::Duration;

use interleaving::Actor;

use super::{BACKPRESSURE, Lab, feed_workers, join_all, knob};
use crate::kinds;

/// `Queue(maxsize=bound)` past one machine: before each `XADD` the producer asks the group
/// how many entries are unread or unacknowledged, and waits while that is `bound` or more;
/// with `--batch`, it adds at most as many as there is room for.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let k = &lab.knobs;
    knob(&[
        ("items", k.items),
        ("workers", k.workers),
        ("bound", k.bound),
        ("work_ms", k.work_ms),
        ("batch", k.batch),
    ]);
    let (_, workers) = feed_workers(lab, &main, BACKPRESSURE, |producer, b, i| {
        let mut waited = false;
        loop {
            let backlog = b.backlog()?;
            if backlog < k.bound as usize {
                if waited {
                    producer.emit(kinds::RESUME, format!("backlog={backlog}"));
                }
                // A batch fills the room, no more: the bound holds for every item in it.
                return Ok(k.bound - backlog as u64);
            }
            if !waited {
                producer.emit(kinds::WAIT, format!("backlog={backlog}"));
                producer.print(format!("backlog {backlog} at the bound: put({i}) waits"));
                waited = true;
            }
            // Polling the server: there is no condition variable across machines.
            std::thread::sleep(Duration::from_millis(1));
        }
    })?;
    join_all(&main, workers)
}
