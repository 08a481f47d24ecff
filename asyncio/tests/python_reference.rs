//! The same properties, on CPython's own asyncio: `reference/python/py_asyncio.py` replays the
//! concurrent-sleeps, gather, task-group and task-group-failure cells with `asyncio.gather`,
//! `as_completed` and `TaskGroup`, recording the same events. If Python's trace keeps the
//! properties the Rust cells keep, the Rust items behave as Python's there. Skipped, with a line
//! saying why, when there is no `python3` (3.11+, for `TaskGroup`) or no
//! `reference/python/lab_trace.py`.

use std::path::Path;
use std::process::Command;

use asyncio::properties::properties;
use interleaving::{Outcome, Trace, check};

#[test]
fn cpython_asyncio_keeps_the_structured_cells_properties() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = here.parent().expect("the workspace root");
    if !root.join("reference/python/lab_trace.py").exists() {
        eprintln!("skipped: no reference/python/lab_trace.py in this checkout");
        return;
    }
    let script = root.join("reference/python/py_asyncio.py");
    let out = match Command::new("python3")
        .arg("-u")
        .arg(&script)
        .arg("--trace")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: no python3 ({e})");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("has no attribute 'TaskGroup'") {
        eprintln!("skipped: python3 older than 3.11 (no asyncio.TaskGroup)");
        return;
    }
    assert!(out.status.success(), "{stderr}");
    let trace = Trace::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
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
