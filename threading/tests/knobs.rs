//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use interleaving::testing::assert_runs_hold;
use threading::properties::{properties, spec};

const BIN: &str = env!("CARGO_BIN_EXE_threading");

#[test]
fn non_default_knobs_yield_a_trace_that_holds() {
    let runs: &[&[&str]] = &[
        &[
            "--lines",
            "3",
            "--threads",
            "7",
            "--adds",
            "1000",
            "--workers",
            "3",
            "--primes-below",
            "20000",
        ],
        &["--cell", "semaphore", "--threads", "1"],
    ];
    assert_runs_hold(BIN, &spec(), &properties(), runs);
}
