//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use asyncio::properties::{properties, spec};
use interleaving::testing::assert_runs_hold;

const BIN: &str = env!("CARGO_BIN_EXE_asyncio");

#[test]
fn non_default_knobs_yield_a_trace_that_holds() {
    let runs: &[&[&str]] = &[
        // One task of 1 ms: N*d/2 is below one sleep; the bound is d + 25 ms then.
        &[
            "--cell",
            "concurrent-sleeps",
            "--tasks",
            "1",
            "--sleep-ms",
            "1",
        ],
        &[
            "--cell",
            "concurrent-sleeps",
            "--tasks",
            "3",
            "--sleep-ms",
            "1",
        ],
        &[
            "--tasks",
            "3",
            "--sleep-ms",
            "30",
            "--workers",
            "4",
            "--permits",
            "3",
            "--items",
            "4",
            "--capacity",
            "2",
            "--clients",
            "5",
        ],
    ];
    assert_runs_hold(BIN, &spec(), &properties(), runs);
}
