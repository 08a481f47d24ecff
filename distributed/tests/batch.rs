//! `--batch N`: the same lesson with N entries per command (pipelined `XADD`s, `XREADGROUP`
//! and `XAUTOCLAIM` with `COUNT N`, a batch's `XACK`s in one round trip). Every property still
//! holds on a real run, the batches are really there, and an edit the model forbids inside a
//! batch is caught.

mod util;

use std::sync::OnceLock;
use std::time::Duration;

use distributed::cells::{BACKPRESSURE, COMPETING_WORKERS, STREAM_QUEUE, WORKER_DIES};
use distributed::properties::properties;
use interleaving::testing::{Mutation, find, find_all};
use interleaving::{Outcome, Trace, check};
use util::{bin, run, server, traced, with_knob};

/// One real run with `--batch 64` and enough items for several batches.
fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| {
            let s = server()?;
            let tmp = tempfile::tempdir().unwrap();
            let args = ["--batch", "64", "--items", "150", "--work-ms", "0"];
            let (trace, report) = traced(tmp.path(), s.url(), &args);
            assert!(report.is_ok(), "{report}");
            assert_eq!(report.not_run().count(), 0, "{report}");
            Some(trace)
        })
        .as_ref()
}

/// How many items a `call` or `ret` value names (`xadd 0 1 2` names 3; `xreadgroup 0 1-0 1
/// 1-1` and `xack 0 1-0 1 1-1` name 2).
fn named(value: &str) -> usize {
    let words = value.split(' ').count() - 1;
    if value.starts_with("xadd") {
        words
    } else {
        words / 2
    }
}

/// The largest batch among `cell`'s events of `kind` whose value starts with `op`.
fn largest(t: &Trace, cell: &str, kind: &str, op: &str) -> usize {
    find_all(t, cell, |e| e.kind == kind && e.value.starts_with(op))
        .into_iter()
        .map(|i| named(&t.lines[i].event.value))
        .max()
        .unwrap_or(0)
}

#[test]
fn a_batch_of_64_keeps_every_property() {
    let Some(t) = real() else { return };
    // The knob says so, and the commands were batches: 64 items in one XADD pipeline, more
    // than one entry in a read and in an acknowledgement.
    let knob = find(t, COMPETING_WORKERS, |e| e.kind == "knob");
    assert!(t.lines[knob].event.value.contains("batch=64"));
    assert_eq!(largest(t, COMPETING_WORKERS, "call", "xadd "), 64);
    assert!(largest(t, COMPETING_WORKERS, "ret", "xreadgroup ") > 1);
    assert!(largest(t, COMPETING_WORKERS, "call", "xack ") > 1);
    // Backpressure adds no more than there is room for: its bound (2) at most.
    assert!(largest(t, BACKPRESSURE, "call", "xadd ") <= 2);
}

#[test]
fn batch_1_is_one_entry_per_command() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (t, report) = traced(tmp.path(), s.url(), &["--items", "8", "--cell", "1"]);
    assert!(report.is_ok(), "{report}");
    for op in ["xadd ", "xack "] {
        assert_eq!(largest(&t, STREAM_QUEUE, "call", op), 1, "{op}");
    }
    assert_eq!(largest(&t, STREAM_QUEUE, "ret", "xreadgroup "), 1);
}

/// `consumer-group` of `cell` is violated on `m` applied to `t`, for `clause`.
fn caught(t: &Trace, m: Mutation, cell: &str, clause: &str) {
    let report = check(&m.apply(t), &properties());
    let v = report
        .violations()
        .find(|v| v.property == "consumer-group" && v.cell.as_deref() == Some(cell))
        .unwrap_or_else(|| panic!("consumer-group of {cell} held after {m}"));
    let Outcome::Violated(why) = &v.outcome else {
        unreachable!()
    };
    assert!(why.got.starts_with(clause), "{clause}: {}", why.got);
}

/// The `ret` line of `cell`'s largest batched read.
fn a_batched_read(t: &Trace, cell: &str) -> usize {
    find_all(t, cell, |e| {
        e.kind == "ret" && e.value.starts_with("xreadgroup ")
    })
    .into_iter()
    .max_by_key(|&i| named(&t.lines[i].event.value))
    .filter(|&i| named(&t.lines[i].event.value) > 1)
    .expect("a read of more than one entry")
}

#[test]
fn an_entry_of_one_batch_read_again_in_another_is_repeated() {
    let Some(t) = real() else { return };
    let big = a_batched_read(t, COMPETING_WORKERS);
    // A later read that brought something, given the batch's last entry as well. Later: it
    // began after the batch returned (a read of the same worker after it, or any read whose
    // `call` is after it), so the entry was added and delivered before; an earlier read
    // would break the model's `fresh` clause instead (delivered before its XADD began).
    let reads = find_all(t, COMPETING_WORKERS, |e| {
        e.kind == "ret" && e.value.starts_with("xreadgroup ") && !e.value.ends_with("!Empty")
    });
    let me = &t.lines[big].event.actor;
    let began_after = |i: usize| {
        let who = &t.lines[i].event.actor;
        (big..i)
            .rev()
            .find(|&c| {
                let e = &t.lines[c].event;
                e.actor == *who && e.kind == "call" && e.value.starts_with("xreadgroup")
            })
            .is_some_and(|c| c > big)
    };
    let Some(other) = reads
        .iter()
        .copied()
        .find(|&i| i > big && t.lines[i].event.actor == *me)
        .or_else(|| reads.iter().copied().find(|&i| i > big && began_after(i)))
    else {
        eprintln!("skipped: no read of this run began after its largest batch");
        return;
    };
    let words: Vec<&str> = t.lines[big].event.value.split(' ').collect();
    let last = words[words.len() - 2..].join(" ");
    let again = format!("{} {last}", t.lines[other].event.value);
    caught(
        t,
        Mutation::SetValue(other, again),
        COMPETING_WORKERS,
        "repeated",
    );
}

#[test]
fn a_batched_ack_that_removed_one_fewer_loses_it() {
    let Some(t) = real() else { return };
    let ack = find_all(t, COMPETING_WORKERS, |e| {
        e.kind == "ret" && e.value.starts_with("xack 1 1")
    })[0];
    let v = &t.lines[ack].event.value;
    let one_fewer = format!("{}0", &v[..v.len() - 1]);
    caught(
        t,
        Mutation::SetValue(ack, one_fewer),
        COMPETING_WORKERS,
        "lost",
    );
}

#[test]
fn a_batched_read_that_dropped_an_entry_skipped_it() {
    let Some(t) = real() else { return };
    // The batch's last entry never delivered: nobody reads it, so nobody acknowledges it.
    let big = a_batched_read(t, STREAM_QUEUE);
    let v = &t.lines[big].event.value;
    let words: Vec<&str> = v.split(' ').collect();
    let dropped = words[..words.len() - 2].join(" ");
    let report = check(&Mutation::SetValue(big, dropped).apply(t), &properties());
    assert!(
        report
            .violations()
            .any(|v| v.property == "consumer-group" && v.cell.as_deref() == Some(STREAM_QUEUE)),
        "{report}"
    );
}

#[test]
fn a_claim_of_a_batch_before_min_idle_is_early() {
    let Some(t) = real() else { return };
    let m = with_knob(t, WORKER_DIES, "min_idle_ms", "100000");
    caught(t, m, WORKER_DIES, "early-claim");
}

#[test]
fn a_batch_outside_1_to_1024_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["0", "1025", "-3"] {
        let out = run(
            bin(tmp.path()).args(["--batch", bad]),
            Duration::from_secs(30),
        );
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--batch"),
            "{bad}"
        );
    }
}
