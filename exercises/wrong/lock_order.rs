//! A wrong fix of `lock-order`: `try_lock` the second lock in a loop. Each thread still
//! holds its first lock while it spins, so neither ever gets the second: a livelock.
//!
//! Exercise `lock-order` (threading lesson, cell `lock`; notebook In [13]: "a queue in
//! python is inbuilt with mutex", so one lock at a time is easy; two are not).
//!
//! Two threads move money between accounts `a` and `b`, each holding both locks while it
//! moves. One takes `a` then `b`, the other `b` then `a`: each ends up holding one lock and
//! waiting for the other's, forever. Make both transfers finish, with both locks held while
//! the money moves. Judge it with `cargo xtask exercise lock-order`.
//!
//! The same bug in Python:
//!
//! ```python
//! def a_to_b():
//!     with lock_a:
//!         with lock_b: move(a, b, 10)
//! def b_to_a():
//!     with lock_b:
//!         with lock_a: move(b, a, 10)
//! ```

use std::process::ExitCode;
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use exercises::lab;
use interleaving::Actor;

fn main() -> ExitCode {
    lab::run("threading", "lock-order", &[("amount", &10)], transfers)
}

fn lock(m: &Mutex<i64>) -> MutexGuard<'_, i64> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Holds both accounts' locks, then moves 10 from `from` to `to`.
fn transfer(me: &Actor, first: &Mutex<i64>, second: &Mutex<i64>, from_first: bool) {
    let mut one = lock(first);
    me.emit("acquire", "first");
    // The judge's gate: wait (a little) for the other thread to hold its first lock too.
    lab::rendezvous("first-locks", 2, Duration::from_millis(200));
    let mut two = loop {
        if let Ok(g) = second.try_lock() {
            break g;
        }
        thread::yield_now();
    };
    me.emit("acquire", "second");
    let (from, to) = if from_first {
        (&mut *one, &mut *two)
    } else {
        (&mut *two, &mut *one)
    };
    *from -= 10;
    *to += 10;
    me.emit("transfer", me.name());
}

fn transfers(main: &Actor) -> anyhow::Result<()> {
    let (a, b) = (Mutex::new(100), Mutex::new(100));
    thread::scope(|s| {
        let ab = lab::spawn(s, main, "a-to-b", |me| transfer(me, &a, &b, true));
        let ba = lab::spawn(s, main, "b-to-a", |me| transfer(me, &b, &a, true));
        lab::join(main, ab)?;
        lab::join(main, ba)
    })?;
    main.print(format!("a={} b={}", lock(&a), lock(&b)));
    Ok(())
}
