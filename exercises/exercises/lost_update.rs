//! Exercise `lost-update` (threading lesson, cell `shared-counter`; notebook In [13]: "a
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
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use exercises::lab;
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

/// One thread's share: ADDS times, read the counter and write it back plus one.
fn add(counter: &AtomicU64) {
    for _ in 0..ADDS {
        let n = counter.load(Ordering::SeqCst);
        lab::think(); // working out the new value takes a moment
        counter.store(n + 1, Ordering::SeqCst);
    }
}

fn count(main: &Actor) -> anyhow::Result<()> {
    let counter = AtomicU64::new(0);
    // Every thread starts adding at the same moment, so they really overlap.
    let gate = StartGate::new(THREADS as usize);
    thread::scope(|s| {
        let started: Vec<_> = (1..=THREADS)
            .map(|t| {
                lab::spawn(s, main, &format!("adder-{t}"), |_me| {
                    gate.wait();
                    add(&counter);
                })
            })
            .collect();
        started.into_iter().try_for_each(|t| lab::join(main, t))
    })?;
    let got = counter.load(Ordering::SeqCst);
    main.emit("count", format!("expected={} got={got}", THREADS * ADDS));
    main.print(format!("counter = {got}"));
    Ok(())
}
