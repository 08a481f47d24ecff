//! New: Python's `Barrier(3)` is `std::sync::Barrier`: nobody passes until all have arrived.

use std::sync::Barrier;
use std::thread;

use interleaving::Actor;

use super::Knobs;

/// One of the three: say "arrived", wait for the others, say "passed".
fn meet(name: &str, gate: &Barrier) {
    let me = Actor::new(name);
    me.print(format!("{name} arrived"));
    // Python's `barrier.wait()` returns an index, 0 for one thread; Rust's says which one is
    // the leader instead: exactly one of the three.
    let leader = gate.wait().is_leader();
    me.print(format!(
        "{name} passed{}",
        if leader { " (leader)" } else { "" }
    ));
}

/// Every "arrived" comes before every "passed", whatever the scheduler does.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let gate = Barrier::new(3);
    thread::scope(|s| {
        for name in ["barrier-1", "barrier-2", "barrier-3"] {
            let gate = &gate;
            s.spawn(move || meet(name, gate));
        }
    });
    Ok(())
}
