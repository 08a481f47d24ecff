//! The gate of the `two-lanes` exercise: the order the lesson's `two-lanes` cell forces,
//! for a queue of the learner's own.
//!
//! Each round, four handshakes fix one order: producer-1's `put(1:r)` returns, then
//! producer-2's `put(2:r)` begins and returns, then consumer-2 (home lane 2) gets, then
//! consumer-1 (home lane 1) gets. No sleep decides it: each thread waits for a token from the
//! one before it. Every operation is recorded as `call` and `ret` (`interleaving::linear`),
//! so the judge can ask whether a FIFO queue explains what the consumers got.

use std::sync::mpsc::channel;
use std::thread;

use anyhow::{Context, bail};
use interleaving::Actor;
use interleaving::linear::{self, EMPTY, OK};
use producer_consumer::kinds;
use producer_consumer::ring::ring;

use crate::lab;

/// A queue whose producers say which lane (0 or 1) they are, and whose consumers say which
/// lane they would rather look at first: room for the two-lane trick, which a real queue
/// simply ignores.
pub trait LaneQueue: Sync {
    /// Puts `item`; `lane` is the producer's number (0 or 1).
    fn put(&self, lane: usize, item: String);
    /// Takes the item that is due, or `None` when the queue is empty; `home` is the
    /// consumer's number (0 or 1).
    fn get_nowait(&self, home: usize) -> Option<String>;
}

fn put(q: &impl LaneQueue, me: &Actor, lane: usize, r: u64) -> anyhow::Result<()> {
    let item = format!("{}:{r}", lane + 1);
    me.emit(kinds::PUT, &item);
    linear::call(me, "put", &item);
    q.put(lane, item);
    linear::ret(me, "put", OK);
    Ok(())
}

fn get(q: &impl LaneQueue, me: &Actor, home: usize) -> anyhow::Result<()> {
    linear::call(me, "get_nowait", "");
    match q.get_nowait(home) {
        Some(item) => {
            linear::ret(me, "get_nowait", &item);
            me.emit(kinds::GET, item);
            Ok(())
        }
        None => {
            linear::ret(me, "get_nowait", EMPTY);
            bail!(
                "{} found the queue empty, after its token said an item was in",
                me.name()
            )
        }
    }
}

/// Two producers and two consumers on `q`, `rounds` rounds, in the order the ring forces.
pub fn two_producers_two_consumers(
    main: &Actor,
    q: &impl LaneQueue,
    rounds: u64,
) -> anyhow::Result<()> {
    // The ring: p1 -> p2 -> c2 -> c1 -> p1. Main puts the first token in.
    let (to_p1, p1_rx) = channel();
    let (to_p2, p2_rx) = channel();
    let (to_c2, c2_rx) = channel();
    let (to_c1, c1_rx) = channel();
    to_p1.send(()).context("starting the ring")?;
    thread::scope(|s| {
        let p1 = lab::spawn(s, main, "producer-1", move |me| {
            ring(rounds, p1_rx, to_p2, |r| put(q, me, 0, r))
        });
        let p2 = lab::spawn(s, main, "producer-2", move |me| {
            ring(rounds, p2_rx, to_c2, |r| put(q, me, 1, r))
        });
        let c2 = lab::spawn(s, main, "consumer-2", move |me| {
            ring(rounds, c2_rx, to_c1, |_| get(q, me, 1))
        });
        let c1 = lab::spawn(s, main, "consumer-1", move |me| {
            ring(rounds, c1_rx, to_p1, |_| get(q, me, 0))
        });
        for t in [p1, p2, c2, c1] {
            lab::join(main, t)??;
        }
        Ok(())
    })
}
