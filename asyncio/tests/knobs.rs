//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use std::process::Command;

use interleaving::{Trace, check_lesson};

fn checked(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_asyncio"))
        .arg("--trace")
        .args(args)
        .output()
        .expect("running the demo");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = Trace::read(&out.stdout[..]).expect("a readable trace");
    let report = check_lesson(
        &trace,
        &asyncio::properties::spec(),
        &asyncio::properties::properties(),
    );
    assert!(report.is_ok(), "{args:?}:\n{report}");
    assert!(
        report.held().1 > 4,
        "{args:?}: only the rules every trace gets were checked"
    );
}

#[test]
fn non_default_knobs_yield_a_trace_that_holds() {
    let runs: &[&[&str]] = &[
        // One task of 1 ms: N*d/2 is below one sleep; the bound is d + 5 ms then.
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
    for args in runs {
        checked(args);
    }
}
