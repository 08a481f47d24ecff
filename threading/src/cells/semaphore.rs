//! New: Python's `Semaphore(2)`, as the lib's [`crate::Semaphore`]: at most two inside.

use std::thread;

use interleaving::Actor;

use super::Knobs;
use crate::{Semaphore, kinds};

/// `with pool: work()`: take a permit, do a little, give it back (the guard's drop).
fn use_the_pool(name: &str, pool: &Semaphore) {
    let me = Actor::new(name);
    let _permit = pool.access();
    me.emit(kinds::ENTER, "pool");
    // A little work, so the others have time to queue up at the door.
    std::hint::black_box(crate::primes::count_sequential(2_000));
    me.emit(kinds::LEAVE, "pool");
}

/// Five threads share a `Semaphore(2)`: the trace never shows more than two between `enter`
/// and `leave`. A `Mutex` is the special case `Semaphore(1)` that also owns data.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("threads", &knobs.threads.max(1))]);
    let pool = Semaphore::new(2);
    thread::scope(|s| {
        for i in 1..=knobs.threads.max(1) {
            let pool = &pool;
            s.spawn(move || use_the_pool(&format!("sem-{i}"), pool));
        }
    });
    super::main_actor().print(format!("all done, {} permits free again", pool.available()));
    Ok(())
}
