//! New: Python's `Semaphore(2)`, as the lib's [`crate::Semaphore`]: at most two inside.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use interleaving::Actor;

use super::Knobs;
use crate::{Semaphore, kinds};

/// `with pool: work()`: take a permit, do a little, give it back (the guard's drop).
fn use_the_pool(name: &str, pool: &Semaphore, inside: &AtomicUsize) {
    let me = Actor::new(name);
    let _permit = pool.access();
    me.emit(kinds::ENTER, "pool");
    // The claim, in text too (the checker reads enter/leave): never more than 2 here.
    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
    me.print(format!("{name}: inside, {now} of 2 permits taken"));
    // A little work, so the others have time to queue up at the door.
    std::hint::black_box(crate::primes::count_sequential(100_000));
    inside.fetch_sub(1, Ordering::SeqCst);
    me.emit(kinds::LEAVE, "pool");
}

/// Five threads share a `Semaphore(2)`: the trace never shows more than two between `enter`
/// and `leave`. A `Mutex` is the special case `Semaphore(1)` that also owns data.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("threads", &knobs.threads.max(1))]);
    let pool = Semaphore::new(2);
    // How many threads hold a permit now: what the text shows.
    let inside = AtomicUsize::new(0);
    thread::scope(|s| {
        for i in 1..=knobs.threads.max(1) {
            let (pool, inside) = (&pool, &inside);
            s.spawn(move || use_the_pool(&format!("sem-{i}"), pool, inside));
        }
    });
    super::main_actor().print(format!("all done, {} permits free again", pool.available()));
    Ok(())
}
