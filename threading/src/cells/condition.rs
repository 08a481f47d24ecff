//! New: Python's `Condition` is Rust's `Condvar`, always paired with the `Mutex` it waits on.

use std::sync::{Condvar, Mutex};
use std::thread;

use interleaving::Actor;

use super::Knobs;
use crate::kinds;

/// `with cond: cond.wait_for(lambda: box is not None)`: wait, in a loop, until the value is
/// there. The loop matters in both languages: a wait can wake up with nothing to see.
fn waiter(slot: &Mutex<Option<u64>>, cond: &Condvar) {
    let me = Actor::new("waiter");
    let mut value = slot.lock().unwrap_or_else(|e| e.into_inner());
    while value.is_none() {
        value = cond.wait(value).unwrap_or_else(|e| e.into_inner());
    }
    me.print(format!("waiter got {}", value.unwrap_or_default()));
}

/// `with cond: box = 42; cond.notify()`.
fn notifier(slot: &Mutex<Option<u64>>, cond: &Condvar) {
    let me = Actor::new("notifier");
    let mut value = slot.lock().unwrap_or_else(|e| e.into_inner());
    *value = Some(42);
    // Said while still holding the lock, so the trace cannot show the waiter's line first.
    me.emit(kinds::SET, "42");
    drop(value);
    cond.notify_one();
    me.emit(kinds::NOTIFY, "");
}

/// Python's `Condition()` hides its lock inside; Rust's `Condvar` takes the `MutexGuard` in
/// `wait` and gives it back when woken, so the waited-for value is always read under the lock.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let slot = Mutex::new(None);
    let cond = Condvar::new();
    thread::scope(|s| {
        s.spawn(|| waiter(&slot, &cond));
        s.spawn(|| notifier(&slot, &cond));
    });
    Ok(())
}
