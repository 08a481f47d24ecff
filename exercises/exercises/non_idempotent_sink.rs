//! Exercise `non-idempotent-sink` (distributed lesson, cell `worker-dies`; the notebook's
//! In [13]-[19] queue, past one machine, on a Redis stream).
//!
//! Worker-1 (a process) writes an item's effect to the sink, and is killed before it can
//! acknowledge the entry. That part is right: the entry stays pending and worker-2 claims it
//! and does it again (at-least-once delivery). But the sink appends every write, so the
//! item's effect happens twice. Make every item's effect happen exactly once, however often
//! it is delivered. Judge it with `cargo xtask exercise non-idempotent-sink`.
//!
//! The same bug in Python (redis-py):
//!
//! ```python
//! r.rpush("results", item)                 # a second delivery pushes it again
//! r.xack(stream, "workers", id)            # the worker died before this line
//! ```

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use distributed::{Body, Broker, EmbeddedServer, Entry};
use exercises::lab;
use interleaving::{Actor, kinds};
use multiprocessing::Process;

const ITEMS: u64 = 4;
const STREAM: &str = "exercise:sink";

fn main() -> ExitCode {
    lab::run(
        "distributed",
        "non-idempotent-sink",
        &[("items", &ITEMS)],
        run,
    )
}

/// Does one entry: works on its item, makes its effect, then acknowledges it.
fn handle(broker: &mut Broker, me: &Actor, entry: &Entry) -> anyhow::Result<()> {
    let Body::Item(item) = &entry.body else {
        return Ok(());
    };
    lab::slow(); // the work
    broker.reply(item)?; // the sink: append the result
    me.emit("effect", item);
    lab::killed_here_once(me, "worker-1", "after the effect, before the ack");
    broker.task_done(&entry.id)?;
    me.emit("ack", item);
    Ok(())
}

/// First takes over what a dead worker held (claim), then takes new entries until none come.
fn worker(me: &Actor, url: &str) -> anyhow::Result<()> {
    let mut broker = Broker::connect(url, STREAM)?;
    while let Some(entry) = broker.claim(me.name(), Duration::ZERO)? {
        me.emit("claim", entry.tag());
        handle(&mut broker, me, &entry)?;
    }
    while let Some(entry) = broker.get(me.name(), Duration::from_millis(100))? {
        handle(&mut broker, me, &entry)?;
    }
    Ok(())
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let server = EmbeddedServer::start().context("starting redis-server")?;
    let mut broker = Broker::connect(server.url(), STREAM)?;
    broker.prepare()?;
    for i in 0..ITEMS {
        main.emit("put", i.to_string());
        broker.put(&i.to_string())?;
    }
    // One worker after the other: worker-1 dies, then worker-2 cleans up after it.
    for name in ["worker-1", "worker-2"] {
        let url = server.url().to_owned();
        let mut p = Process::new(name, move || {
            let me = Actor::new(name);
            let end =
                worker(&me, &url).map_or_else(|e| format!("failed: {e:#}"), |()| "returned".into());
            me.emit(kinds::EXIT, end);
        });
        p.start().with_context(|| format!("starting {name}"))?;
        main.emit(kinds::START, name);
        p.join().with_context(|| format!("joining {name}"))?;
        main.emit(kinds::JOIN, name);
    }
    main.print(format!("pending after both workers: {}", broker.pending()?));
    Ok(())
}
