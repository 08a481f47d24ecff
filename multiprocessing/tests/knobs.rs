//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use interleaving::testing::assert_runs_hold;
use multiprocessing::properties::{properties, spec};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

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
    assert_runs_hold(BIN, &spec(), &properties(), runs);
}
