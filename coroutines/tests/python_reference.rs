//! The same properties, on CPython's own generators: `reference/python/py_coroutines.py` replays the
//! lesson in Python and records the same events, so if Python's generators keep our
//! properties, our `Generator` keeps Python's semantics. Skipped, with a line saying why, when
//! there is no `python3` or no `reference/python/lab_trace.py` (the workspace's emitter).

use coroutines::properties::properties;
use interleaving::check;
use interleaving::testing::{python_reference_run, trace_of};

#[test]
fn cpython_generators_keep_the_lessons_properties() {
    let Some(out) = python_reference_run(env!("CARGO_MANIFEST_DIR"), "py_coroutines.py") else {
        return;
    };
    let report = check(&trace_of(&out), &properties());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0, "{report}");
}
