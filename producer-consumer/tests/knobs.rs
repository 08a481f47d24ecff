//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use interleaving::testing::assert_runs_hold;
use producer_consumer::properties::{properties, spec};

const BIN: &str = env!("CARGO_BIN_EXE_producer-consumer");

#[test]
fn non_default_knobs_yield_a_trace_that_holds() {
    let runs: &[&[&str]] = &[
        &[
            "--items",
            "7",
            "--producers",
            "3",
            "--consumers",
            "2",
            "--messages",
            "50",
            "--slow-ms",
            "1",
        ],
        &[
            "--cell",
            "many-to-many",
            "--producers",
            "1",
            "--consumers",
            "5",
            "--messages",
            "3",
        ],
    ];
    assert_runs_hold(BIN, &spec(), &properties(), runs);
}
