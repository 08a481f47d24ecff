//! The broker restarts: `redis-server` killed with SIGKILL mid-run and started again on the
//! same directory, under each persistence setting; what it kept of what it had acknowledged,
//! and worker processes that live through it: they connect again and go on.

use std::time::{Duration, Instant};

use anyhow::Context;
use interleaving::Actor;
use redis::streams::{StreamInfoGroupsReply, StreamPendingCountReply, StreamRangeReply};

use super::{BROKER_RESTART, Lab, join_all, knob, put};
use crate::broker::{Broker, GROUP};
use crate::hosts::{self, Hosts};
use crate::kinds;
use crate::rules::parse_id;

/// The settings, each `(name, redis-server flags)`. `rdb` has no automatic snapshot: the
/// cell takes one (`SAVE`) at a point it records, so what the snapshot holds is known.
pub const SETTINGS: [(&str, &[&str]); 4] = [
    (
        "aof-always",
        &[
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
        ],
    ),
    (
        "aof-everysec",
        &[
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",
            "",
        ],
    ),
    ("rdb", &["--appendonly", "no", "--save", ""]),
    ("none", &[]),
];

/// What the cell says last: what a SIGKILL proves, and what it does not.
pub const CLOSING: &str = "A SIGKILL stops the process, not the machine: what redis-server had \
     written (write(2)) is in the kernel and survives, fsync'd or not. aof-always writes and \
     fsyncs before each reply, so it keeps everything, and would through a power cut too \
     (which a namespace cannot make). aof-everysec usually keeps everything through a \
     SIGKILL, but Redis postpones its write while a background fsync runs (up to 2 s) and \
     replies meanwhile: on a busy disk even a SIGKILL loses acknowledged writes.";

/// How long any one step of the cell may take on a loaded machine before it is an error.
const STEP: Duration = Duration::from_secs(20);

/// For each setting: the producer adds the items (each `XADD` answered with an id is
/// acknowledged to it), `rdb` snapshots after the first half, a reader reads every item and
/// acknowledges the first half (`XACK` answered 1). Worker processes, each on a host of its
/// own, start claiming what the reader left; once one has acknowledged one, SIGKILL, and the
/// server starts again on the same directory. The cell counts what survived before it lets
/// the workers back in; they connect again and go on, with one more item, until the group is
/// drained.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let items = lab.knobs.items.max(2);
    let workers = lab.knobs.workers.min(2);
    knob(&[
        ("items", items),
        ("workers", workers),
        ("min_idle_ms", lab.knobs.min_idle_ms),
    ]);
    // One producer for the whole cell: an actor's events count on from setting to setting.
    let producer = Actor::new("producer");
    for (setting, flags) in SETTINGS {
        let made =
            Hosts::create(workers as usize).and_then(|mut h| h.start_server(flags).map(|()| h));
        let mut h = match made {
            Ok(h) => h,
            Err(e) if !hosts::required() => {
                main.emit(kinds::SKIP, e.to_string());
                main.print(format!("skipped: {e}"));
                return Ok(());
            }
            Err(e) => return Err(e).context(format!("{}=1", hosts::REQUIRE_ENV)),
        };
        main.emit(kinds::SETTING, setting);
        one_setting(
            lab,
            (&main, &producer),
            &mut h,
            (setting, flags),
            (items, workers),
        )
        .with_context(|| format!("persistence {setting}"))?;
    }
    main.print(CLOSING);
    Ok(())
}

fn one_setting(
    lab: &Lab,
    (main, producer): (&Actor, &Actor),
    h: &mut Hosts,
    (setting, flags): (&str, &[&str]),
    (items, workers): (u64, u64),
) -> anyhow::Result<()> {
    let url = h.local_url()?;
    let stream = lab.stream(BROKER_RESTART);
    let mut b = Broker::connect(&url, &stream)?;
    b.prepare()?;
    let mut added = Vec::new();
    for i in 0..items {
        if setting == "rdb" && i == items / 2 {
            let _: () = redis::cmd("SAVE").query(&mut crate::broker::connect(&url)?)?;
            main.emit(kinds::SNAPSHOT, format!("{setting} adds={i}"));
        }
        added.push(put(producer, &mut b, i)?);
    }
    let mut acked = Vec::new();
    for n in 0..items {
        let Some(e) = b.get(READER, Duration::from_secs(5))? else {
            anyhow::bail!("the reader found nothing to read");
        };
        if n < items / 2 && b.task_done(&e.id)? {
            main.emit(kinds::ACK, e.tag());
            acked.push(e.id);
        }
    }
    // New: worker processes, claiming what the reader left, live through the crash.
    let running = (1..=workers as usize)
        .map(|k| lab.worker_on_host(h, main, BROKER_RESTART, k, &["--claim"]))
        .collect::<anyhow::Result<Vec<_>>>()?;
    wait_for_a_worker_ack(&mut b, items - items / 2)?;
    // Every worker connected, so each has a connection to lose.
    wait_connected(&url, workers)?;
    main.emit(kinds::CRASH, setting);
    h.kill_server()?;
    // Started with the hosts' door shut: what it kept is counted before a worker changes it.
    h.start_server_closed(flags)?;
    main.emit(kinds::RESTART, setting);
    let mut conn = crate::broker::connect(&url)?;
    let kept = survivors(&mut conn, &stream, &added, &acked)?;
    main.emit(
        kinds::SURVIVED,
        format!(
            "{setting} adds={} adds_kept={} acks={} acks_kept={}",
            added.len(),
            kept.adds,
            acked.len(),
            kept.acks
        ),
    );
    main.print(format!(
        "{setting:<13} after SIGKILL: {}/{} acknowledged XADDs and {}/{} XACKs survived",
        kept.adds,
        added.len(),
        kept.acks,
        acked.len()
    ));
    for tag in &kept.unacked {
        main.emit(kinds::KEPT, tag);
    }
    h.open_server()?;
    // And go on: the producer connects again and adds one more item; the workers, connected
    // again on their own, take it and whatever the server kept unacknowledged.
    let mut b = Broker::connect(&url, &stream)?;
    let id = put(producer, &mut b, items)?;
    main.emit(kinds::GO_ON, format!("{items} {id}"));
    b.set_done()?;
    producer.emit(kinds::DONE, (items + 1).to_string());
    join_all(main, running)
}

/// The reader's name in the group.
const READER: &str = "reader";

/// Waits until a worker has claimed, done and acknowledged one of the `left` entries the
/// reader left pending, so the crash comes while the workers are at work.
fn wait_for_a_worker_ack(b: &mut Broker, left: u64) -> anyhow::Result<()> {
    let deadline = Instant::now() + STEP;
    while b.pending()? as u64 >= left {
        anyhow::ensure!(
            Instant::now() < deadline,
            "no worker acknowledged an entry within {} s",
            STEP.as_secs()
        );
        // Polling the server for a condition other processes make true; it orders nothing.
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(())
}

/// Waits until `n` clients are connected from the hosts (`CLIENT LIST`: the workers reach
/// the server by TCP from their hosts, this process by its Unix socket).
fn wait_connected(url: &str, n: u64) -> anyhow::Result<()> {
    let mut conn = crate::broker::connect(url)?;
    let deadline = Instant::now() + STEP;
    loop {
        let list: String = redis::cmd("CLIENT")
            .arg("LIST")
            .query(&mut conn)
            .context("CLIENT LIST")?;
        let from_hosts = list.lines().filter(|l| l.contains(" addr=10.")).count();
        if from_hosts as u64 >= n {
            return Ok(());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "{from_hosts} of {n} workers connected within {} s",
            STEP.as_secs()
        );
        // Polling the server for a condition other processes make true; it orders nothing.
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// What a restarted server kept of what it had acknowledged.
struct Kept {
    /// How many of the acknowledged `XADD`s are still in the stream.
    adds: usize,
    /// How many of the acknowledged `XACK`s still hold.
    acks: usize,
    /// The entries still there and not acknowledged (`"ITEM ID"`): to be done again.
    unacked: Vec<String>,
}

/// How many of `added` are still in the stream, how many of `acked` are still acknowledged
/// (delivered to the group, at or before its last-delivered id, and not pending), and which
/// entries are there unacknowledged (never delivered, or pending).
fn survivors(
    conn: &mut redis::Connection,
    stream: &str,
    added: &[String],
    acked: &[String],
) -> anyhow::Result<Kept> {
    let all: StreamRangeReply = redis::cmd("XRANGE")
        .arg(stream)
        .arg("-")
        .arg("+")
        .query(conn)?;
    let present: Vec<&str> = all.ids.iter().map(|e| e.id.as_str()).collect();
    let adds = added
        .iter()
        .filter(|id| present.contains(&id.as_str()))
        .count();
    let tag = |e: &redis::streams::StreamId| {
        let item: String = e.get("item").unwrap_or_default();
        format!("{item} {}", e.id)
    };
    if present.is_empty() {
        return Ok(Kept {
            adds,
            acks: 0,
            unacked: Vec::new(),
        });
    }
    let groups: StreamInfoGroupsReply =
        redis::cmd("XINFO").arg("GROUPS").arg(stream).query(conn)?;
    let Some(g) = groups.groups.iter().find(|g| g.name == GROUP) else {
        // No group: nothing was ever delivered, every entry is still to do.
        return Ok(Kept {
            adds,
            acks: 0,
            unacked: all.ids.iter().map(tag).collect(),
        });
    };
    let last = parse_id(&g.last_delivered_id);
    let pending: StreamPendingCountReply = redis::cmd("XPENDING")
        .arg(stream)
        .arg(GROUP)
        .arg("-")
        .arg("+")
        .arg(100_000)
        .query(conn)?;
    let pending: Vec<&str> = pending.ids.iter().map(|p| p.id.as_str()).collect();
    let acknowledged =
        |id: &str| present.contains(&id) && parse_id(id) <= last && !pending.contains(&id);
    let acks = acked.iter().filter(|id| acknowledged(id)).count();
    let unacked = all
        .ids
        .iter()
        .filter(|e| !acknowledged(&e.id))
        .map(tag)
        .collect();
    Ok(Kept {
        adds,
        acks,
        unacked,
    })
}
