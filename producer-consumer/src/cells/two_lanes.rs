//! A queue with one lane per producer ([`crate::Lanes`]): nothing lost, nothing twice, each
//! producer's order kept, and still no queue explains what the consumers saw.

use std::sync::Mutex;
use std::sync::mpsc::channel;
use std::thread;

use anyhow::{Context, bail};
use interleaving::linear::{self, CALL, EMPTY, History, Model, OK, RET};
use interleaving::{Actor, Event, Trace};

use super::{Knobs, join, start};
use crate::ring::ring;
use crate::{Lanes, kinds};

/// What the cell saw, in the order it happened, so that it can check itself at the end.
type Record = Mutex<Vec<Event>>;

/// Emits one event and keeps a copy in `record` (taken under its lock, so in real order).
fn note(me: &Actor, record: &Record, kind: &str, value: String) {
    let mut r = record.lock().unwrap_or_else(|e| e.into_inner());
    // The clock read under the record's lock: the checker takes intervals from `t_ns`.
    r.push(Event::new(
        0,
        interleaving::emit::now_ns(),
        std::process::id(),
        me.name(),
        kind,
        value.clone(),
    ));
    me.emit(kind, value);
}

/// Producer `lane + 1` puts `p:r` on its own lane in round `r`.
fn put(q: &Lanes<String>, record: &Record, me: &Actor, lane: usize, r: u64) -> anyhow::Result<()> {
    let item = format!("{}:{r}", lane + 1);
    note(me, record, kinds::PUT, item.clone());
    note(me, record, CALL, format!("put {item}"));
    q.put(lane, item);
    note(me, record, RET, format!("put {OK}"));
    Ok(())
}

/// A consumer takes one item, looking at its home lane first.
fn get(q: &Lanes<String>, record: &Record, me: &Actor, home: usize) -> anyhow::Result<()> {
    note(me, record, CALL, "get_nowait".into());
    match q.get_nowait(home) {
        Ok(item) => {
            note(me, record, RET, format!("get_nowait {item}"));
            note(me, record, kinds::GET, item);
            Ok(())
        }
        Err(_) => {
            note(me, record, RET, format!("get_nowait {EMPTY}"));
            bail!(
                "{} found every lane empty, after its token said an item was in",
                me.name()
            )
        }
    }
}

/// New: a queue that is not one. Each round, four handshakes force one order: producer-1's
/// `put(1:r)` returns, then producer-2's `put(2:r)` begins and returns, then consumer-2
/// (home lane 2) gets, then consumer-1 (home lane 1) gets. No sleep decides it: each thread
/// waits for a token from the one before it. Consumer-2 gets `2:r` while `1:r`, put before
/// it, still waits: a FIFO queue never does that, and the checker names the four operations.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &knobs.items)]);
    let main = Actor::new("main");
    let q: Lanes<String> = Lanes::new(2);
    let record = Record::default();
    let rounds = knobs.items;
    // The ring: p1 -> p2 -> c2 -> c1 -> p1. Main puts the first token in.
    let (to_p1, p1_rx) = channel();
    let (to_p2, p2_rx) = channel();
    let (to_c2, c2_rx) = channel();
    let (to_c1, c1_rx) = channel();
    to_p1.send(()).context("starting the ring")?;
    thread::scope(|s| {
        let (q, record) = (&q, &record);
        let p1 = start(s, &main, "producer-1", move || {
            let me = Actor::new("producer-1");
            ring(rounds, p1_rx, to_p2, |r| put(q, record, &me, 0, r))
        })?;
        let p2 = start(s, &main, "producer-2", move || {
            let me = Actor::new("producer-2");
            ring(rounds, p2_rx, to_c2, |r| put(q, record, &me, 1, r))
        })?;
        let c2 = start(s, &main, "consumer-2", move || {
            let me = Actor::new("consumer-2");
            ring(rounds, c2_rx, to_c1, |_| get(q, record, &me, 1))
        })?;
        let c1 = start(s, &main, "consumer-1", move || {
            let me = Actor::new("consumer-1");
            ring(rounds, c1_rx, to_p1, |_| get(q, record, &me, 0))
        })?;
        for (name, h) in [
            ("producer-1", p1),
            ("producer-2", p2),
            ("consumer-2", c2),
            ("consumer-1", c1),
        ] {
            join(&main, name, h)?;
        }
        Ok::<_, anyhow::Error>(())
    })?;
    // The cell checks its own record with the same monitor `xtask check` runs on the trace.
    let record = Trace::from_events(record.into_inner().unwrap_or_else(|e| e.into_inner()));
    let history = History::from_lines(&record.lines).context("the cell's own record")?;
    main.print(format!(
        "{rounds} round(s): nothing lost, nothing twice, each producer's items in order. But:"
    ));
    match linear::check(&history, Model::Fifo) {
        Ok(()) => main.print("the checker found no violation (the lanes behaved like one queue)"),
        Err(f) => {
            main.print(format!(
                "not linearizable ({} pattern): {}",
                f.pattern, f.why
            ));
            for op in &f.ops {
                main.print(format!("  {op}"));
            }
            main.print("(line numbers count this cell's events)");
        }
    }
    Ok(())
}
