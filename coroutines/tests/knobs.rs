//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use coroutines::properties::{properties, spec};
use interleaving::testing::assert_run_holds;

fn checked(args: &[&str]) {
    assert_run_holds(
        env!("CARGO_BIN_EXE_coroutines"),
        &spec(),
        &properties(),
        args,
    );
}

#[test]
fn non_default_knobs_yield_a_trace_that_holds() {
    let runs: &[&[&str]] = &[
        &["--tasks", "4", "--steps", "2"],
        &["--cell", "scheduler", "--tasks", "1", "--steps", "5"],
    ];
    for args in runs {
        checked(args);
    }
}
