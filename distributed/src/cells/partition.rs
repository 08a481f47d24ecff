//! A partition: a worker holding an item is cut off from the broker, alive. Its item is
//! claimed by another worker; when the link comes back, its late `XACK` arrives.

use std::time::{Duration, Instant};

use anyhow::Context;
use interleaving::Actor;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use super::{Lab, PARTITION, knob, put};
use crate::hosts::{self, Hosts};
use crate::kinds;

/// How long any one step of the cell may take on a loaded machine before it is an error.
const STEP: Duration = Duration::from_secs(20);

/// worker-1, on host 1, reads item 0, stores its result, and stops before `XACK`. The link
/// from host 1 to the broker goes down; worker-1, alive and unaware, sends its `XACK` into
/// it (TCP retransmits it, nothing arrives). worker-2, on host 2, claims the entry once it
/// has sat idle `min_idle_ms`, does it again (the sink skips it) and acknowledges it. The
/// link comes back; worker-1's `XACK` arrives and removes nothing: a late ack.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let k = &lab.knobs;
    let items = k.items.max(2);
    knob(&[("items", items), ("min_idle_ms", k.min_idle_ms)]);
    // Hosts of its own and a server on the broker's: the partition must not cut the lesson's.
    let mut hosts = match Hosts::create(2).and_then(|mut h| h.start_server(&[]).map(|()| h)) {
        Ok(h) => h,
        Err(e) if !hosts::required() => {
            main.emit(kinds::SKIP, e.to_string());
            main.print(format!("skipped: {e}"));
            return Ok(());
        }
        Err(e) => {
            return Err(e).context(format!(
                "{}=1, and the hosts cannot be made",
                hosts::REQUIRE_ENV
            ));
        }
    };
    let local = hosts.local_url()?;
    let mut b = crate::Broker::connect(&local, &lab.stream(PARTITION))?;
    b.prepare()?;
    let w1 = lab.worker_on_host(&hosts, &main, PARTITION, 1, &["--stall-on", "1"])?;
    let producer = Actor::new("producer");
    for i in 0..items {
        put(&producer, &mut b, i)?;
    }
    b.set_done()?;
    producer.emit(kinds::DONE, items.to_string());
    // worker-1 alone reads first: the entry it holds is item 0's.
    let id = b
        .wait_holding(STEP)
        .context("waiting for worker-1 to hold an item")?;
    hosts.cut(1)?;
    main.emit(kinds::CUT, w1.name());
    main.print("worker-1 holds item 0, processed, not acknowledged: its link goes down");
    // Now worker-1 acknowledges, into a link that is down.
    let pid = w1.pid().context("worker-1 ended before the partition")?;
    kill(Pid::from_raw(pid as i32), Signal::SIGUSR1).context("telling worker-1 to go on")?;
    let w2 = lab.worker_on_host(&hosts, &main, PARTITION, 2, &["--claim"])?;
    wait_acknowledged(&local, &lab.stream(PARTITION), &id)?;
    main.print("worker-2 claimed item 0 and acknowledged it: the link comes back");
    // `heal` before the link is up: worker-1's XACK can only arrive after it.
    main.emit(kinds::HEAL, w1.name());
    hosts.heal(1)?;
    w1.join(&main)?;
    w2.join(&main)?;
    drop(b);
    Ok(())
}

/// Waits until entry `id` has left the group's pending list (someone acknowledged it).
fn wait_acknowledged(url: &str, stream: &str, id: &str) -> anyhow::Result<()> {
    let mut conn = crate::broker::connect(url)?;
    let deadline = Instant::now() + STEP;
    loop {
        let pending: Vec<redis::Value> = redis::cmd("XPENDING")
            .arg(stream)
            .arg(crate::broker::GROUP)
            .arg(id)
            .arg(id)
            .arg(1)
            .query(&mut conn)
            .context("XPENDING")?;
        if pending.is_empty() {
            return Ok(());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "entry {id} still pending after {} s: nobody claimed it",
            STEP.as_secs()
        );
        // Polling the server for a condition another process makes true; it orders nothing.
        std::thread::sleep(Duration::from_millis(10));
    }
}
