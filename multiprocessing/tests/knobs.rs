//! Knobs are events: run with flag values other than the defaults, the lesson's trace still
//! holds its own properties, because they read their bounds from the cells' `knob` events.

use std::process::Command;

use interleaving::{Trace, check_lesson};

fn checked(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_multiprocessing"))
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
        &multiprocessing::properties::spec(),
        &multiprocessing::properties::properties(),
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
