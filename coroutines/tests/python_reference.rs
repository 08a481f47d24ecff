//! The same properties, on CPython's own generators: `reference/python/py_coroutines.py` replays the
//! lesson in Python and records the same events, so if Python's generators keep our
//! properties, our `Generator` keeps Python's semantics. Skipped, with a line saying why, when
//! there is no `python3` or no `reference/python/lab_trace.py` (the workspace's emitter).

use std::path::Path;
use std::process::Command;

use coroutines::properties::properties;
use interleaving::{Trace, check};

#[test]
fn cpython_generators_keep_the_lessons_properties() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = here.parent().expect("the workspace root");
    if !root.join("reference/python/lab_trace.py").exists() {
        eprintln!("skipped: no reference/python/lab_trace.py in this checkout");
        return;
    }
    let script = root.join("reference/python/py_coroutines.py");
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = Trace::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let report = check(&trace, &properties());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0, "{report}");
}
