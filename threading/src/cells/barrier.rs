//! New: Python's `Barrier(3, action)`, as the lib's [`crate::Barrier`]: `wait()` returns each
//! thread's index, the action runs once per round, and `abort()` breaks the barrier.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use anyhow::Context;
use interleaving::Actor;

use super::Knobs;
use crate::{Barrier, kinds};

/// Threads meeting at the barrier.
pub const PARTIES: usize = 3;
/// Rounds they go through together.
pub const ROUNDS: usize = 2;

/// One of the three, for each round: arrive, wait, say which index `wait()` gave.
fn meet(name: &str, gate: &Barrier) {
    let me = Actor::new(name);
    for round in 1..=ROUNDS {
        me.print(format!("{name} arrived (round {round})"));
        match gate.wait() {
            Ok(index) => {
                me.emit(kinds::INDEX, format!("round={round} index={index}"));
                me.print(format!(
                    "{name} passed round {round}: wait() returned {index}"
                ));
            }
            Err(e) => me.print(format!("{name}: {e}")),
        }
    }
}

/// Waits on a barrier that main aborts: `BrokenBarrierError`.
fn stranded(name: &str, gate: &Barrier) {
    let me = Actor::new(name);
    let got = gate.wait();
    me.emit(kinds::INDEX, if got.is_err() { "broken" } else { "passed" });
    match got {
        Ok(i) => me.print(format!("{name}: wait() returned {i}")),
        Err(e) => me.print(format!("{name}: {e}")),
    }
}

/// `Barrier(3, action=announce)`: two rounds, each ending with the action, run by the last
/// thread to arrive before anyone passes. Then a `Barrier(3)` that only two threads reach:
/// main calls `abort()`, and both get `BrokenBarrierError` instead of waiting for ever.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("parties", &PARTIES), ("rounds", &ROUNDS)]);
    let main = super::main_actor();
    let announcer = Arc::new(Actor::new("action"));
    let rounds = Arc::new(AtomicUsize::new(0));
    let gate = Barrier::new(PARTIES)
        .context("a barrier for the cell's threads")?
        .with_action(move || {
            let round = rounds.fetch_add(1, Ordering::SeqCst) + 1;
            announcer.emit(kinds::ACTION, format!("round={round}"));
            announcer.print(format!("action: round {round} complete"));
        });
    thread::scope(|s| {
        for i in 1..=PARTIES {
            let gate = &gate;
            s.spawn(move || meet(&format!("barrier-{i}"), gate));
        }
    });

    let doomed = Barrier::new(PARTIES).context("a barrier to abort")?;
    thread::scope(|s| {
        for i in 1..PARTIES {
            let doomed = &doomed;
            s.spawn(move || stranded(&format!("stranded-{i}"), doomed));
        }
        while doomed.n_waiting() < PARTIES - 1 {
            thread::yield_now(); // the barrier says how many wait: no sleep needed
        }
        main.print(format!("{} of {PARTIES} arrived; abort()", PARTIES - 1));
        doomed.abort();
    });
    main.print(format!(
        "broken is {}",
        if doomed.broken() { "True" } else { "False" }
    ));
    Ok(())
}
