//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use interleaving::testing::assert_run_holds;
use multiprocessing::properties::{properties, spec};

fn checked(args: &[&str]) {
    assert_run_holds(
        env!("CARGO_BIN_EXE_multiprocessing"),
        &spec(),
        &properties(),
        args,
    );
}

#[test]
fn non_default_knobs_yield_a_trace_that_holds() {
    let runs: &[&[&str]] = &[
        &["--cell", "join-waits", "--children", "3"],
        &["--cell", "queue", "--items", "3"],
        &[
            "--children",
            "2",
            "--workers",
            "3",
            "--items",
            "7",
            "--job",
            "5000",
        ],
    ];
    for args in runs {
        checked(args);
    }
}
