//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use std::process::Command;

use interleaving::{Trace, check_lesson};

fn checked(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_producer-consumer"))
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
        &producer_consumer::properties::spec(),
        &producer_consumer::properties::properties(),
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
