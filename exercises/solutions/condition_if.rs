//! Solution of `condition-if` (threading lesson, cell `condition`; notebook In [13]-[19]: the
//! queue the consumer waits on is built from a lock and conditions).
//!
//! Two consumers wait on one `Condition` for items a producer puts in a buffer. A woken
//! consumer checks the buffer with `if` and takes an item, but `notify_all` woke both, and
//! the other one got there first: the buffer is empty again. Make every consumer take only
//! what is really there. Judge it with `cargo xtask exercise condition-if`.
//!
//! The same bug in Python:
//!
//! ```python
//! with cond:
//!     if not buffer:       # checked once, before the wait
//!         cond.wait()
//!     item = buffer.pop(0) # IndexError: another consumer took it
//! ```

use std::collections::VecDeque;
use std::process::ExitCode;
use std::thread;

use exercises::lab;
use interleaving::Actor;
use threading::Condition;

const ITEMS: u64 = 20;
const CONSUMERS: usize = 2;

/// The buffer: `Some(item)`, or `None` to tell one consumer to stop.
type Buffer = Condition<VecDeque<Option<u64>>>;

fn main() -> ExitCode {
    lab::run("threading", "condition-if", &[("items", &ITEMS)], run)
}

/// Takes items until it takes a stop.
fn consumer(me: &Actor, cond: &Buffer) {
    loop {
        let mut buffer = cond.lock();
        // Check again after every wake-up: another consumer may have taken the item.
        while buffer.is_empty() {
            buffer.wait();
        }
        match buffer.pop_front() {
            Some(Some(item)) => me.emit("got", item.to_string()),
            Some(None) => return,
            None => me.emit("empty", "woke up to an empty buffer"),
        }
    }
}

/// Puts `items` once every consumer is waiting, and wakes them all.
fn put(cond: &Buffer, items: &[Option<u64>]) {
    loop {
        let mut buffer = cond.lock();
        if buffer.waiting() == CONSUMERS {
            buffer.extend(items);
            buffer.notify_all();
            return;
        }
        drop(buffer);
        thread::yield_now();
    }
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let cond: Buffer = Condition::new(VecDeque::new());
    thread::scope(|s| {
        let consumers: Vec<_> = (1..=CONSUMERS)
            .map(|c| lab::spawn(s, main, &format!("consumer-{c}"), |me| consumer(me, &cond)))
            .collect();
        let producer = lab::spawn(s, main, "producer", |_me| {
            (0..ITEMS).for_each(|i| put(&cond, &[Some(i)]));
            put(&cond, &[None; CONSUMERS]); // one stop for each consumer
        });
        lab::join(main, producer)?;
        consumers.into_iter().try_for_each(|c| lab::join(main, c))
    })
}
