//! The same properties, on CPython's own asyncio: `reference/python/py_asyncio.py` replays the
//! concurrent-sleeps, gather, task-group and task-group-failure cells with `asyncio.gather`,
//! `as_completed` and `TaskGroup`, recording the same events. If Python's trace keeps the
//! properties the Rust cells keep, the Rust items behave as Python's there. Skipped, with a line
//! saying why, when there is no `python3` (3.11+, for `TaskGroup`) or no
//! `reference/python/lab_trace.py`.

use asyncio::properties::properties;
use interleaving::testing::{python_reference_run, trace_of};
use interleaving::{Outcome, check};

#[test]
fn cpython_asyncio_keeps_the_structured_cells_properties() {
    let Some(out) = python_reference_run(env!("CARGO_MANIFEST_DIR"), "py_asyncio.py") else {
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("has no attribute 'TaskGroup'") {
        eprintln!("skipped: python3 older than 3.11 (no asyncio.TaskGroup)");
        return;
    }
    let trace = trace_of(&out);
    let report = check(&trace, &properties());
    assert!(report.is_ok(), "{report}");
    // Every property of the four cells Python replays was judged, none skipped.
    for cell in [
        "concurrent-sleeps",
        "gather",
        "task-group",
        "task-group-failure",
    ] {
        for v in report
            .verdicts
            .iter()
            .filter(|v| v.cell.as_deref() == Some(cell))
        {
            assert!(
                matches!(v.outcome, Outcome::Held | Outcome::Observed(_)),
                "{cell}: {v}"
            );
        }
    }
}
