//! New: Python's `Lock`, as the lib's [`crate::Lock`]: `with lock:` is `lock.hold()`, the lock
//! is free again after a panic inside it, and any thread may release it. How it is built is
//! two files: `threading/src/lock.rs` (the fast path, one compare-and-swap on a free lock) and
//! `threading/src/lock_slow.rs` (the slow path: spin a moment, then sleep until a release).

use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use anyhow::Context;
use interleaving::{Actor, emit::narrate};

use super::Knobs;
use crate::{Lock, kinds};

/// One thread's job: three times, `with lock:` around a critical section.
fn three_turns(name: &str, lock: &Lock) {
    let me = Actor::new(name);
    for i in 1..=3 {
        let _held = lock.hold(); // with lock:
        me.emit(kinds::ENTER, "lock");
        me.print(format!("{name}: turn {i}"));
        me.emit(kinds::LEAVE, "lock");
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// `lock = Lock()` ... `with lock:`. The trace shows every `enter` followed by its own
/// `leave`: one thread inside at a time. Then what makes it Python's lock and not std's
/// `Mutex`: a panic inside `with lock:` just releases it (a `Mutex` is poisoned instead), and
/// a lock taken by main can be released by another thread.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    // `std_mutex=true`: this cell also shows std's Mutex beside the Lock, one line Python's
    // reference cannot print (its run has no such knob), so `printed-lines` asks for it here only.
    interleaving::knob::emit(&[("std_mutex", &true)]);
    let main = super::main_actor();
    let lock = Lock::new();
    thread::scope(|s| {
        s.spawn(|| three_turns("lock-a", &lock));
        s.spawn(|| three_turns("lock-b", &lock));
    });

    narrate("a thread panics inside `with lock:` (and one inside std's Mutex, to compare)");
    let mutex = Mutex::new(0);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // the panics are on purpose: keep stderr quiet
    let panicked = thread::scope(|s| {
        let ours = s.spawn(|| {
            let _held = lock.hold();
            panic!("raised inside with lock:");
        });
        let std = s.spawn(|| {
            let _guard = mutex.lock();
            panic!("raised inside the Mutex");
        });
        (ours.join().is_err(), std.join().is_err())
    });
    std::panic::set_hook(hook);
    anyhow::ensure!(panicked == (true, true), "the threads were meant to panic");
    let got = lock.acquire_timeout(Duration::from_secs(1));
    main.print(format!(
        "after the panic: lock.acquire(timeout=1) returned {}",
        py_bool(got)
    ));
    main.print(format!(
        "std Mutex after the same panic: poisoned is {}",
        py_bool(mutex.is_poisoned())
    ));

    // Main holds the lock; another thread releases it: allowed, as in Python.
    let released = thread::scope(|s| s.spawn(|| lock.release().is_ok()).join());
    let released = released.map_err(|_| anyhow::anyhow!("the releasing thread panicked"))?;
    let again = lock.acquire(false);
    main.print(format!(
        "released by another thread: {}; acquire(blocking=False) returned {}",
        py_bool(released),
        py_bool(again)
    ));
    lock.release().context("main holds the lock it just took")?;
    Ok(())
}
