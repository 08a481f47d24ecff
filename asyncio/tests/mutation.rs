//! Every asserted property of the lesson can fail: for each, a small mutation of a real
//! recorded run (lost, doubled, moved, changed line...) that the property itself reports.

use asyncio::properties::{properties, spec};
use interleaving::testing::{Mutation, assert_every_property_breakable_with, record};

#[test]
fn every_asserted_property_has_a_mutation_of_a_real_run_that_breaks_it() {
    let run = record(env!("CARGO_BIN_EXE_asyncio"), &["--clients", "4"]);
    // "The unawaited coroutine never runs" needs a line of it: main's first line, given to it.
    let main_line = run
        .lines
        .iter()
        .position(|l| l.event.actor == "main")
        .expect("main has lines");
    // "wait_for(coro, 0) never starts the coroutine" needs a line by it: the wait-for cell's
    // slow_op cleanup, given to it.
    let slow_line = run
        .lines
        .iter()
        .position(|l| l.event.actor == "slow" && l.event.kind == "cleanup")
        .expect("slow_op cleans up");
    let extra = [
        Mutation::SetActor(main_line, "never-awaited".into()),
        Mutation::SetActor(slow_line, "zero".into()),
    ];
    assert_every_property_breakable_with(&run, &spec(), &properties(), &extra);
}
