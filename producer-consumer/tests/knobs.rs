//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use interleaving::testing::assert_run_holds;
use producer_consumer::properties::{properties, spec};

fn checked(args: &[&str]) {
    assert_run_holds(
        env!("CARGO_BIN_EXE_producer-consumer"),
        &spec(),
        &properties(),
        args,
    );
}

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
    for args in runs {
        checked(args);
    }
}
