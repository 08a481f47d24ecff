//! New: Python's `Condition`, as the lib's [`crate::Condition`]: a producer hands items to
//! consumers and wakes exactly as many as it put in, with `notify(n)`.

use std::collections::VecDeque;
use std::thread;

use interleaving::Actor;

use super::Knobs;
use crate::{Condition, kinds};

/// Consumers in the cell.
pub const CONSUMERS: usize = 3;
/// Items the producer puts, in batches.
pub const ITEMS: u64 = 6;
/// Items per batch, and so the `n` of each `notify(n)`.
pub const BATCH: u64 = 2;

/// What the condition guards: the buffer, and whether the producer is done.
#[derive(Default)]
struct Shelf {
    items: VecDeque<u64>,
    done: bool,
}

/// `with cond: items.extend(batch); cond.notify(len(batch))`, then, at the end, `done = True;
/// cond.notify_all()`. Events are recorded under the lock, so the trace shows each notify
/// before the wake-ups it caused.
fn producer(cond: &Condition<Shelf>) {
    let me = Actor::new("producer");
    for start in (0..ITEMS).step_by(BATCH as usize) {
        let mut shelf = cond.lock();
        for item in start..(start + BATCH).min(ITEMS) {
            shelf.items.push_back(item);
            me.emit(kinds::PUT, item.to_string());
        }
        let woke = shelf.notify(BATCH as usize);
        me.emit(kinds::NOTIFY, format!("n={BATCH} woke={woke}"));
        me.print(format!(
            "producer: put {BATCH}, notify({BATCH}) woke {woke}"
        ));
    }
    let mut shelf = cond.lock();
    shelf.done = true;
    let woke = shelf.notify_all();
    me.emit(kinds::NOTIFY, format!("n=all woke={woke}"));
}

/// `with cond: while not items and not done: cond.wait()`, then take one; until done.
fn consumer(name: &str, cond: &Condition<Shelf>) {
    let me = Actor::new(name);
    loop {
        let mut shelf = cond.lock();
        while shelf.items.is_empty() && !shelf.done {
            // Python's `wait()` returns True when notified; so does ours, and only then.
            if shelf.wait() {
                me.emit(kinds::WOKE, "");
            }
        }
        let Some(item) = shelf.items.pop_front() else {
            return; // done and empty
        };
        me.emit(kinds::GET, item.to_string());
        drop(shelf);
        me.print(format!("{name} got {item}"));
    }
}

/// One producer, three consumers, one `Condition`. Python's `notify(n)` wakes at most `n`
/// waiters; std's `Condvar` has only `notify_one` (which may wake more than one) and
/// `notify_all`, so the lib builds Python's from a queue of waiter tickets.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[
        ("consumers", &CONSUMERS),
        ("items", &ITEMS),
        ("batch", &BATCH),
    ]);
    let cond = Condition::new(Shelf::default());
    thread::scope(|s| {
        for i in 1..=CONSUMERS {
            let cond = &cond;
            s.spawn(move || consumer(&format!("consumer-{i}"), cond));
        }
        s.spawn(|| producer(&cond));
    });
    Ok(())
}
