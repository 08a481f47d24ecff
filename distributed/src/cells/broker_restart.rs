//! The broker restarts: `redis-server` killed with SIGKILL mid-run and started again on the
//! same directory, under each persistence setting; what it kept of what it had acknowledged.

use anyhow::Context;
use interleaving::Actor;
use redis::streams::{StreamInfoGroupsReply, StreamPendingCountReply, StreamRangeReply};

use super::{BROKER_RESTART, Lab, knob, put};
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

/// For each setting: the producer adds the items (each `XADD` answered with an id is
/// acknowledged to it), `rdb` snapshots after the first half, a reader reads every item and
/// acknowledges the first half (`XACK` answered 1). SIGKILL, start again on the same
/// directory, reconnect, count what survived, and go on: one more item added and read.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let items = lab.knobs.items.max(2);
    knob(&[("items", items)]);
    // One producer for the whole cell: an actor's events count on from setting to setting.
    let producer = Actor::new("producer");
    for (setting, flags) in SETTINGS {
        let mut h = match Hosts::create(1).and_then(|mut h| h.start_server(flags).map(|()| h)) {
            Ok(h) => h,
            Err(e) if !hosts::required() => {
                main.emit(kinds::SKIP, e.to_string());
                main.print(format!("skipped: {e}"));
                return Ok(());
            }
            Err(e) => return Err(e).context(format!("{}=1", hosts::REQUIRE_ENV)),
        };
        one_setting(lab, (&main, &producer), &mut h, (setting, flags), items)
            .with_context(|| format!("persistence {setting}"))?;
    }
    main.print(
        "A SIGKILL stops the process, not the machine: what redis-server had written (write(2)) \
         is in the kernel and survives, fsync'd or not. aof-always writes and fsyncs before \
         each reply, so it keeps everything, and would through a power cut too (which a \
         namespace cannot make). aof-everysec usually keeps everything through a SIGKILL, but \
         Redis postpones its write while a background fsync runs (up to 2 s) and replies \
         meanwhile: on a busy disk even a SIGKILL loses acknowledged writes.",
    );
    Ok(())
}

fn one_setting(
    lab: &Lab,
    (main, producer): (&Actor, &Actor),
    h: &mut Hosts,
    (setting, flags): (&str, &[&str]),
    items: u64,
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
        let Some(e) = b.get("reader", std::time::Duration::from_secs(5))? else {
            anyhow::bail!("the reader found nothing to read");
        };
        if n < items / 2 && b.task_done(&e.id)? {
            main.emit(kinds::ACK, e.tag());
            acked.push(e.id);
        }
    }
    main.emit(kinds::CRASH, setting);
    h.kill_server()?;
    h.start_server(flags)?;
    main.emit(kinds::RESTART, setting);
    // Reconnect: the old connection died with the server.
    let mut b = Broker::connect(&url, &stream)?;
    let mut conn = crate::broker::connect(&url)?;
    let (adds_kept, acks_kept) = survivors(&mut conn, &stream, &added, &acked)?;
    main.emit(
        kinds::SURVIVED,
        format!(
            "{setting} adds={} adds_kept={adds_kept} acks={} acks_kept={acks_kept}",
            added.len(),
            acked.len()
        ),
    );
    main.print(format!(
        "{setting:<13} after SIGKILL: {adds_kept}/{} acknowledged XADDs and {acks_kept}/{} XACKs survived",
        added.len(),
        acked.len()
    ));
    // And go on: one more item; the reader takes the next entry (made again, with its
    // group, if the server lost them: its first read then makes the group and finds none).
    put(producer, &mut b, items)?;
    for _ in 0..3 {
        if let Some(e) = b.get("reader", std::time::Duration::from_secs(5))? {
            b.task_done(&e.id)?;
            main.emit(kinds::GO_ON, e.tag());
            return Ok(());
        }
    }
    anyhow::bail!("nothing to read after the restart")
}

/// How many of `added` are still in the stream, and how many of `acked` are still
/// acknowledged: delivered to the group (at or before its last-delivered id) and not pending.
fn survivors(
    conn: &mut redis::Connection,
    stream: &str,
    added: &[String],
    acked: &[String],
) -> anyhow::Result<(usize, usize)> {
    let all: StreamRangeReply = redis::cmd("XRANGE")
        .arg(stream)
        .arg("-")
        .arg("+")
        .query(conn)?;
    let present: Vec<&str> = all.ids.iter().map(|e| e.id.as_str()).collect();
    let adds_kept = added
        .iter()
        .filter(|id| present.contains(&id.as_str()))
        .count();
    if present.is_empty() {
        return Ok((adds_kept, 0));
    }
    let groups: StreamInfoGroupsReply =
        redis::cmd("XINFO").arg("GROUPS").arg(stream).query(conn)?;
    let Some(g) = groups.groups.iter().find(|g| g.name == GROUP) else {
        return Ok((adds_kept, 0));
    };
    let last = parse_id(&g.last_delivered_id);
    let pending: StreamPendingCountReply = redis::cmd("XPENDING")
        .arg(stream)
        .arg(GROUP)
        .arg("-")
        .arg("+")
        .arg(10_000)
        .query(conn)?;
    let pending: Vec<&str> = pending.ids.iter().map(|p| p.id.as_str()).collect();
    let acks_kept = acked
        .iter()
        .filter(|id| {
            present.contains(&id.as_str())
                && parse_id(id) <= last
                && !pending.contains(&id.as_str())
        })
        .count();
    Ok((adds_kept, acks_kept))
}
