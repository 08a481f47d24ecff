//! CPython with redis-py under the consumer-group model: `reference/python/py_distributed.py`
//! replays the lesson's five cells on its own `redis-server`, recording every `XADD`,
//! `XREADGROUP`, `XAUTOCLAIM` and `XACK` as `call`/`ret`; every cell holds the model, and an
//! entry made to be read as new twice is caught. Skipped, with a line saying why, where
//! there is no `python3` or `redis-server`.

use distributed::properties::properties;
use interleaving::testing::{Mutation, find, python_reference_run, trace_of};
use interleaving::{Outcome, check};

#[test]
fn cpython_consumer_group_holds_the_model_and_a_second_new_read_is_caught() {
    if !distributed::server::available() {
        eprintln!("skipped: {}", distributed::server::MISSING);
        return;
    }
    let Some(out) = python_reference_run(env!("CARGO_MANIFEST_DIR"), "py_distributed.py") else {
        return;
    };
    if String::from_utf8_lossy(&out.stderr).contains("No module named 'redis'") {
        eprintln!("skipped: no redis-py (pip install -r reference/python/requirements.txt)");
        return;
    }
    let trace = trace_of(&out);
    let report = check(&trace, &properties());
    let held = report
        .verdicts
        .iter()
        .filter(|v| v.property == "consumer-group" && v.outcome == Outcome::Held)
        .count();
    assert_eq!(held, 5, "{report}");
    // The consumer's second read brings back the entry its first read brought: `XREADGROUP >`
    // never delivers an entry twice (the group's cursor only moves on).
    const C: &str = "stream-queue";
    let first = find(&trace, C, |e| {
        e.kind == "ret" && e.value.starts_with("xreadgroup 0 ")
    });
    let second = find(&trace, C, |e| {
        e.kind == "ret" && e.value.starts_with("xreadgroup 1 ")
    });
    let again = Mutation::SetValue(second, trace.lines[first].event.value.clone());
    let report = check(&again.apply(&trace), &properties());
    assert!(
        report
            .violations()
            .any(|v| v.property == "consumer-group" && v.cell.as_deref() == Some(C)),
        "{report}"
    );
}

/// `py_distributed.py --batch 4`: redis-py sending the same batches (pipelined `XADD`s,
/// `XREADGROUP COUNT 4`, a batch's `XACK`s pipelined) keeps every property of the five cells.
#[test]
fn cpython_with_batches_of_4_keeps_every_property() {
    if !distributed::server::available() {
        eprintln!("skipped: {}", distributed::server::MISSING);
        return;
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/python/py_distributed.py");
    let mut cmd = std::process::Command::new("python3");
    cmd.arg("-u").arg(&script).args(["--trace", "--batch", "4"]);
    let out = interleaving::testing::run_process(&cmd, std::time::Duration::from_secs(300));
    let err = String::from_utf8_lossy(&out.stderr);
    if out.status.code().is_none_or(|c| c != 0) && err.contains("No module named 'redis'") {
        eprintln!("skipped: no redis-py (pip install -r reference/python/requirements.txt)");
        return;
    }
    assert!(out.status.success(), "{err}");
    let trace = trace_of(&out);
    assert!(
        trace.lines.iter().any(|l| l.event.value == "xadd 0 1 2 3"),
        "the producer sent a batch of 4"
    );
    let report = check(&trace, &properties());
    assert!(report.is_ok(), "{report}");
}
