//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use std::process::Command;

use interleaving::{Trace, check_lesson};

fn checked(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_threading"))
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
        &threading::properties::spec(),
        &threading::properties::properties(),
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
    for args in runs {
        checked(args);
    }
}
