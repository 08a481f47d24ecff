//! Exercise `ack-before-work` (distributed lesson, cell `worker-dies`; the notebook's
//! In [13]-[19] queue, past one machine, on a Redis stream).
//!
//! Four items go on a stream; worker-1 (a process) takes them, and is killed while it
//! stores the first one's result. Worker-2 then claims what worker-1 still held and does the
//! rest. But worker-1 acknowledged the item as soon as it got it, so the stream thinks it is
//! done and nobody redoes it: its result is lost. Make every item's result stored, once,
//! whichever worker dies. Judge it with `cargo xtask exercise ack-before-work`.
//!
//! The same bug in Python (Celery's default `acks_late=False`; here with redis-py):
//!
//! ```python
//! for _, [(id, fields)] in r.xreadgroup("workers", me, {stream: ">"}, count=1):
//!     r.xack(stream, "workers", id)      # "got it": and then the worker dies
//!     r.hsetnx("results", fields["item"], work(fields["item"]))
//! ```

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use distributed::{Body, Broker, EmbeddedServer, Entry};
use exercises::lab;
use interleaving::{Actor, kinds};
use multiprocessing::Process;

const ITEMS: u64 = 4;
const STREAM: &str = "exercise:ack";

fn main() -> ExitCode {
    lab::run("distributed", "ack-before-work", &[("items", &ITEMS)], run)
}

/// Does one entry: works on its item and stores the result.
fn handle(broker: &mut Broker, me: &Actor, entry: &Entry) -> anyhow::Result<()> {
    let Body::Item(item) = &entry.body else {
        return Ok(());
    };
    broker.task_done(&entry.id)?;
    me.emit("ack", item);
    lab::slow(); // the work
    lab::killed_here_once(me, "worker-1", "storing the result");
    broker.store_once(item, "done")?;
    me.emit("stored", item);
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
