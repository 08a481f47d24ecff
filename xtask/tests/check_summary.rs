//! `cargo xtask check NAME --trace FILE` on a run of one cell: the other cells' properties
//! are one summary line, not one "not run" line each.

use interleaving::testing::{RUN_LIMIT, command, run_command};

#[test]
fn a_one_cell_trace_gets_one_not_run_summary_line() {
    let args = [
        "check",
        "threading",
        "--trace",
        "tests/data/threading.jsonl",
    ];
    let mut xtask = command(env!("CARGO_BIN_EXE_xtask"), &args);
    let out = run_command(xtask.current_dir(env!("CARGO_MANIFEST_DIR")), RUN_LIMIT);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let not_run: Vec<&str> = text.lines().filter(|l| l.contains("not run")).collect();
    assert_eq!(not_run.len(), 1, "{text}");
    assert!(
        not_run[0].starts_with("threading: 13 of 13 properties held, 0 violated, ")
            && not_run[0].contains("their cells are not in the trace: torn-lines, "),
        "{text}"
    );
    assert!(
        !text.contains("square-cube, "),
        "the cell that ran is no absent cell: {text}"
    );
}
