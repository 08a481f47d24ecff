//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use coroutines::properties::{properties, spec};
use interleaving::testing::assert_runs_hold;

const BIN: &str = env!("CARGO_BIN_EXE_coroutines");

#[test]
fn non_default_knobs_yield_a_trace_that_holds() {
    let runs: &[&[&str]] = &[
        &["--tasks", "4", "--steps", "2"],
        &["--cell", "scheduler", "--tasks", "1", "--steps", "5"],
    ];
    assert_runs_hold(BIN, &spec(), &properties(), runs);
}
