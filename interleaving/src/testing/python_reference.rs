//! CPython as the reference: a script of `reference/python/` replays a lesson with Python's own
//! primitives and writes the same trace events, so the Rust lesson's properties can be checked
//! on Python's behaviour. Skipped, with a line saying why, where the machine cannot run it.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use super::binary::run_command;

/// Runs `python3 -u reference/python/<script> --trace` from the workspace root (the parent of
/// `manifest_dir`, a crate's `CARGO_MANIFEST_DIR`) and returns what it did; `None`, after a
/// `skipped:` line on stderr, when the checkout has no `reference/python/lab_trace.py` (the
/// emitter the scripts share) or the machine has no `python3`.
///
/// ```
/// use interleaving::testing::python_reference_run;
/// // No reference/python/ beside this crate's parent: skipped.
/// assert!(python_reference_run("/nowhere/crate", "py_x.py").is_none());
/// ```
pub fn python_reference_run(manifest_dir: &str, script: &str) -> Option<Output> {
    let root = Path::new(manifest_dir).parent()?;
    let python = root.join("reference/python");
    if !python.join("lab_trace.py").exists() {
        eprintln!("skipped: no reference/python/lab_trace.py in this checkout");
        return None;
    }
    if assert_cmd::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no python3");
        return None;
    }
    let mut cmd = assert_cmd::Command::new("python3");
    cmd.arg("-u").arg(python.join(script)).arg("--trace");
    Some(run_command(&mut cmd, Duration::from_secs(300)))
}
