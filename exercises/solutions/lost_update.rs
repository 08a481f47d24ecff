//! Solution of `lost-update` (threading lesson, cell `shared-counter`; notebook In [13]: "a
//! queue in python is inbuilt with mutex").
//!
//! Four threads each add 1 to one counter 5,000 times, so it should end at 20,000. It does
//! not: `load` then `store` is a read and a write, and another thread can write in between.
//! Make the counter exact. Judge it with `cargo xtask exercise lost-update`.
//!
//! The same bug in Python (without the GIL's luck, it loses updates too):
//!
//! ```python
//! counter = 0
//! def add():
//!     global counter
//!     for _ in range(5_000):
//!         n = counter          # read
//!         counter = n + 1      # write: another thread may have written in between
//! ```

use std::process::ExitCode;
use std::thread;

use exercises::lab;
use exercises::sync::atomic::{AtomicU64, Ordering};
use interleaving::Actor;
use threading::StartGate;

const THREADS: u64 = 4;
const ADDS: u64 = 5_000;

fn main() -> ExitCode {
    lab::run(
        "threading",
        "lost-update",
        &[("threads", &THREADS), ("adds", &ADDS)],
        count,
    )
}

// The judge runs this program, and also model-checks `new_counter`, `add` and `value` with
// loom (every interleaving of two threads adding once each): keep their signatures, and take
// atomics and locks from `exercises::sync` (std's, or loom's under the model checker).

/// The shared counter.
type Counter = AtomicU64;

fn new_counter() -> Counter {
    AtomicU64::new(0)
}

/// Adds 1 to the counter, `times` times, each in one atomic step.
fn add(counter: &Counter, times: u64) {
    for _ in 0..times {
        lab::think(); // working out the new value takes a moment (here: it is always 1 more)
        // One indivisible read-modify-write: no other thread can write in between.
        counter.fetch_add(1, Ordering::SeqCst);
    }
}

fn value(counter: &Counter) -> u64 {
    counter.load(Ordering::SeqCst)
}

fn count(main: &Actor) -> anyhow::Result<()> {
    let counter = new_counter();
    // Every thread starts adding at the same moment, so they really overlap.
    let gate = StartGate::new(THREADS as usize);
    thread::scope(|s| {
        let started: Vec<_> = (1..=THREADS)
            .map(|t| {
                lab::spawn(s, main, &format!("adder-{t}"), |_me| {
                    gate.wait();
                    add(&counter, ADDS);
                })
            })
            .collect();
        started.into_iter().try_for_each(|t| lab::join(main, t))
    })?;
    let got = value(&counter);
    main.emit("count", format!("expected={} got={got}", THREADS * ADDS));
    main.print(format!("counter = {got}"));
    Ok(())
}
