//! One worker: the loop every consumer process runs, on this machine or another.
//!
//! Python's RQ or Celery worker, stripped to its bones: take an entry (first one a dead
//! worker left behind, if this worker claims; then a new one), do the work, write the result
//! to an idempotent sink, acknowledge. It stops on the end marker, or once the producer said
//! it is done and the group has nothing left, read or unread. If the broker goes away (it
//! restarts), the worker connects again ([`crate::reconnect`]) and goes on: the entry it had
//! in hand stays pending in the group, for a claim to deliver again.

use std::time::Duration;

use interleaving::linear::consumer_group::{XACK, XAUTOCLAIM, XREADGROUP};
use interleaving::linear::{self, EMPTY};
use interleaving::{Actor, kinds as k};

use crate::broker::{Body, Broker, Entry};
use crate::error::BrokerError;
use crate::kinds;
use crate::reconnect::{self, Backoff};

/// How long one `XREADGROUP` blocks before the worker looks around again.
const BLOCK: Duration = Duration::from_millis(20);

/// What a worker does with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Task {
    /// The notebook's consumer: prints `Consumed ITEM`.
    Consume,
    /// Squares the item and stores the square in the sink, once.
    Square,
    /// `Pool.map`'s function: replies `INDEX ok SQUARE`, or `INDEX err MESSAGE` for the item
    /// that fails.
    Map,
    /// As `Square`, printing nothing (the broker-restart cell, where how often an item comes
    /// back depends on the setting; the trace's `stored` and `skipped` say it).
    Store,
}

/// Everything one worker needs to know.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The server's URL.
    pub url: String,
    /// The stream's key.
    pub stream: String,
    /// The consumer's name in the group, and the actor's name in the trace.
    pub name: String,
    /// What to do with each item.
    pub task: Task,
    /// How long the work takes per item (the demo's stand-in for real work).
    pub work: Duration,
    /// Claim entries other consumers left unacknowledged this long (`None`: never claim).
    pub claim_after: Option<Duration>,
    /// Die holding the item read in this position (1-based): processed, not acknowledged.
    pub hold_on: Option<u64>,
    /// After processing the item read in this position (1-based), say so and wait for
    /// SIGUSR1 before acknowledging it (see [`crate::stall`]).
    pub stall_on: Option<u64>,
    /// The item whose `Map` task fails.
    pub fail_item: Option<u64>,
    /// How to connect again when the broker goes away.
    pub backoff: Backoff,
    /// Entries per read, claim and acknowledgement (`COUNT batch`; 1: one at a time).
    pub batch: usize,
}

/// Runs the worker until the end marker or a drained group; returns how many entries it
/// acknowledged. A lost connection is made again (see [`crate::reconnect`]); it is an error
/// only when the server does not answer again within the spec's bound.
pub fn serve(spec: &Spec) -> Result<u64, BrokerError> {
    let me = Actor::new(spec.name.clone());
    if spec.stall_on.is_some() {
        crate::stall::prepare();
    }
    // The first connection is not retried: a broker never reached is most likely a wrong
    // URL or route, said at once. A broker this worker had, and lost, is waited for.
    let mut b = Broker::connect(&spec.url, &spec.stream)?;
    let mut count = Count::default();
    loop {
        match step(&mut b, &me, spec, &mut count) {
            Ok(Some(())) => return Ok(count.acked),
            Ok(None) => {}
            // New: the broker went away (it restarts). Whatever this worker had in hand is
            // pending in the group if the server kept it, and a claim delivers it again.
            Err(e) if reconnect::lost(&e) => {
                let started = std::time::Instant::now();
                let (again, tries) = reconnect::reconnect(&spec.url, &spec.stream, spec.backoff)?;
                b = again;
                me.emit(kinds::RECONNECT, format!("tries={tries}"));
                me.print(format!(
                    "{}: the broker went away; connected again after {} ms",
                    me.name(),
                    started.elapsed().as_millis()
                ));
            }
            Err(e) => return Err(e),
        }
    }
}

/// What a worker counted so far.
#[derive(Debug, Default)]
struct Count {
    /// Items read (the end marker not counted).
    reads: u64,
    /// Entries acknowledged.
    acked: u64,
    /// The last read brought entries and the producer was done before it: nothing new can
    /// come, so the next read does not block (else each worker's last, empty read waited
    /// out its `BLOCK`, the longest part of a short run). After an empty one it blocks
    /// again, so waiting for another worker's entries does not spin.
    done_before_last_read: bool,
}

/// One turn of the loop: take up to a batch of entries, do each, acknowledge them. `Some`
/// when the worker is done (end marker, or a drained group).
fn step(
    b: &mut Broker,
    me: &Actor,
    spec: &Spec,
    count: &mut Count,
) -> Result<Option<()>, BrokerError> {
    let block = if count.done_before_last_read {
        Duration::ZERO
    } else {
        BLOCK
    };
    let (done, batch) = next(b, me, spec, count.reads, block)?;
    count.done_before_last_read = done && !batch.is_empty();
    if batch.is_empty() {
        if done && b.pending()? == 0 {
            me.emit(k::EXIT, "drained");
            return Ok(Some(()));
        }
        return Ok(None);
    }
    // Processed, not yet acknowledged: acknowledged together once the batch is done.
    let mut finished: Vec<Entry> = Vec::with_capacity(batch.len());
    for entry in batch {
        let Body::Item(item) = &entry.body else {
            finished.push(entry);
            count.acked += acknowledge(b, me, &finished)?;
            me.emit(k::EXIT, "end-marker");
            return Ok(Some(()));
        };
        count.reads += 1;
        work(b, me, spec, item)?;
        me.emit(kinds::PROCESS, entry.tag());
        if spec.hold_on == Some(count.reads) {
            // What it finished before is acknowledged: it dies holding this one only.
            acknowledge(b, me, &finished)?;
            hold(b, me, &entry)?;
        }
        if spec.stall_on == Some(count.reads) {
            count.acked += acknowledge(b, me, &std::mem::take(&mut finished))?;
            me.emit(kinds::HOLD, entry.tag());
            b.holding(&entry.id)?;
            crate::stall::wait();
        }
        finished.push(entry);
    }
    count.acked += acknowledge(b, me, &finished)?;
    Ok(None)
}

/// Claimed entries (if this worker claims), else new ones: up to `spec.batch`, but never past
/// the read it must hold or stall on, so that one ends its batch (nothing read after it).
/// With them, whether the producer was done (looked at just before reading: if it was done
/// before an empty read, every entry it added had already been delivered to someone).
fn next(
    b: &mut Broker,
    me: &Actor,
    spec: &Spec,
    reads: u64,
    block: Duration,
) -> Result<(bool, Vec<Entry>), BrokerError> {
    let stop = spec.hold_on.or(spec.stall_on).filter(|&h| h > reads);
    let count = stop.map_or(spec.batch, |h| spec.batch.min((h - reads) as usize));
    // Each command recorded as `call` just before and `ret` just after, for the
    // consumer-group check.
    if let Some(idle) = spec.claim_after {
        let got = recorded(me, XAUTOCLAIM, || b.claim_many(me.name(), idle, count))?;
        if !got.is_empty() {
            for e in &got {
                me.emit(kinds::CLAIM, e.tag());
                if let Body::Item(item) = &e.body
                    && spec.task != Task::Store
                {
                    let who = me.name();
                    me.print(format!(
                        "{who}: claimed {item} (read by another, never acknowledged)"
                    ));
                }
            }
            return Ok((false, got));
        }
    }
    let mut done = false;
    let got = recorded(me, XREADGROUP, || {
        let (d, got) = b.done_then_get(me.name(), block, count)?;
        done = d;
        Ok(got)
    })?;
    for e in &got {
        me.emit(kinds::READ, e.tag());
    }
    Ok((done, got))
}

/// Runs `command` (a read or a claim) between its `call` and `ret` events: the entries'
/// tags, or `!Empty` when it brought none.
fn recorded(
    me: &Actor,
    op: &str,
    command: impl FnOnce() -> Result<Vec<Entry>, BrokerError>,
) -> Result<Vec<Entry>, BrokerError> {
    linear::call(me, op, "");
    let got = command()?;
    let tags: Vec<String> = got.iter().map(Entry::tag).collect();
    linear::ret(
        me,
        op,
        if tags.is_empty() {
            EMPTY.into()
        } else {
            tags.join(" ")
        },
    );
    Ok(got)
}

fn work(b: &mut Broker, me: &Actor, spec: &Spec, item: &str) -> Result<(), BrokerError> {
    let x: u64 = item.parse().unwrap_or(0);
    // The work itself: a stand-in that takes time, so several workers overlap.
    let pause = match spec.task {
        // Later items take less time, so they may finish first: Pool.map must still return
        // results in input order.
        Task::Map => spec.work * (3 - (x % 3) as u32),
        _ => spec.work,
    };
    std::thread::sleep(pause);
    match spec.task {
        Task::Consume => me.print(format!("Consumed {item}")),
        Task::Square | Task::Store => {
            let written = b.store_once(item, &(x * x).to_string())?;
            let kind = if written {
                kinds::STORED
            } else {
                kinds::SKIPPED
            };
            me.emit(kind, item);
            if spec.task == Task::Store {
                return Ok(());
            }
            let note = if written {
                ""
            } else {
                " (already stored: skipped)"
            };
            me.print(format!("{}: {item} squared is {}{note}", me.name(), x * x));
        }
        Task::Map => {
            let reply = if spec.fail_item == Some(x) {
                format!("{x} err ValueError: item {x} is bad")
            } else {
                format!("{x} ok {}", x * x)
            };
            me.emit(kinds::REPLY, reply.clone());
            b.reply(&reply)?;
        }
    }
    Ok(())
}

/// Acknowledges `entries` in one round trip; how many it acknowledged (late or not).
fn acknowledge(b: &mut Broker, me: &Actor, entries: &[Entry]) -> Result<u64, BrokerError> {
    if entries.is_empty() {
        return Ok(0);
    }
    let tags: Vec<String> = entries.iter().map(Entry::tag).collect();
    // `acking` goes out before XACK: a producer that counts acknowledgements in the trace
    // never counts one the server has not seen yet.
    for t in &tags {
        me.emit(kinds::ACKING, t);
    }
    linear::call(me, XACK, tags.join(" "));
    let removed = if let [one] = entries {
        vec![b.task_done(&one.id)?]
    } else {
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        b.task_done_each(&ids)?
    };
    let replies: Vec<String> = removed.iter().map(|r| u8::from(*r).to_string()).collect();
    linear::ret(me, XACK, replies.join(" "));
    for (t, removed) in tags.iter().zip(&removed) {
        if *removed {
            me.emit(kinds::ACK, t);
        } else {
            // It removed nothing: another consumer claimed the entry and acknowledged it first.
            me.emit(kinds::LATE_ACK, t);
        }
    }
    Ok(entries.len() as u64)
}

/// The worker told to die: says which entry it holds, then waits for its SIGKILL. Never
/// returns (unless the `RPUSH` fails).
fn hold(b: &mut Broker, me: &Actor, entry: &Entry) -> Result<(), BrokerError> {
    me.emit(kinds::HOLD, entry.tag());
    b.holding(&entry.id)?;
    loop {
        std::thread::park();
    }
}
