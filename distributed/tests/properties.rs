//! Every property of the lesson holds on a real run and is caught by a mutation of that run
//! that breaks it the way the property forbids, through the shared harness
//! (`interleaving::testing`). A producer that waits and never resumes cannot be recorded, so
//! `every-wait-resumes-before-adding` is shown on traces built with the harness's `Run`.

mod util;

use std::sync::OnceLock;

use distributed::cells::{BACKPRESSURE, COMPETING_WORKERS, POOL_MAP, STREAM_QUEUE, WORKER_DIES};
use distributed::properties::{properties, spec};
use interleaving::testing::{
    Mutation, Run, assert_caught, assert_caught_in, cell_lines, find, find_all, remove_all,
};
use interleaving::{Trace, check, check_lesson};
use util::passing_run;

/// One real run, with its own server, shared by the tests of this file (`None`: no server).
fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| passing_run(&["--items", "8", "--bound", "2", "--work-ms", "3"]))
        .as_ref()
}

/// Property `property` of cell `cell` is violated once `m` is applied to `t`.
fn caught(t: &Trace, m: Mutation, cell: &str, property: &str) {
    assert_caught_in(&m.apply(t), &spec(), &properties(), property, cell);
}

/// The first line of `cell` of kind `k`.
fn first(t: &Trace, cell: &str, k: &str) -> usize {
    find(t, cell, |e| e.kind == k)
}

/// The item of a `process`/`hold` value "item ...".
fn item(t: &Trace, i: usize) -> String {
    let v = &t.lines[i].event.value;
    v.split_once(' ').map_or(v.as_str(), |p| p.0).to_owned()
}

/// The item worker-1 died holding.
fn held(t: &Trace) -> String {
    item(t, first(t, WORKER_DIES, "hold"))
}

/// The first `process` of an item other than the held one.
fn other_process(t: &Trace) -> usize {
    let h = format!("{} ", held(t));
    find(t, WORKER_DIES, |e| {
        e.kind == "process" && !e.value.starts_with(&h)
    })
}

#[test]
fn every_entry_acked_once() {
    let Some(t) = real() else { return };
    for cell in [
        STREAM_QUEUE,
        COMPETING_WORKERS,
        WORKER_DIES,
        POOL_MAP,
        BACKPRESSURE,
    ] {
        let ack = first(t, cell, "ack");
        caught(t, Mutation::Remove(ack), cell, "every-entry-acked-once");
        caught(t, Mutation::Duplicate(ack), cell, "every-entry-acked-once");
    }
}

#[test]
fn delivered_after_adding() {
    let Some(t) = real() else { return };
    let start = cell_lines(t, COMPETING_WORKERS).start;
    let read = first(t, COMPETING_WORKERS, "read");
    // The read moved to the cell's start, before anything was added.
    caught(
        t,
        Mutation::MoveAfter(read, start),
        COMPETING_WORKERS,
        "delivered-after-adding",
    );
}

#[test]
fn stream_ids_increase() {
    let Some(t) = real() else { return };
    let adds = find_all(t, COMPETING_WORKERS, |e| e.kind == "add");
    let v = |i: usize| t.lines[i].event.value.split_once(' ').unwrap();
    let ((ia, id_a), (ic, id_c)) = (v(adds[0]), v(adds[1]));
    let m = Mutation::All(vec![
        Mutation::SetValue(adds[0], format!("{ia} {id_c}")),
        Mutation::SetValue(adds[1], format!("{ic} {id_a}")),
    ]);
    caught(t, m, COMPETING_WORKERS, "stream-ids-increase");
}

#[test]
fn added_0_to_n() {
    let Some(t) = real() else { return };
    let end = find(t, STREAM_QUEUE, |e| e.kind == "adding" && e.value == "end");
    caught(
        t,
        Mutation::Remove(end),
        STREAM_QUEUE,
        "added-0-to-n-then-end",
    );
    for cell in [COMPETING_WORKERS, WORKER_DIES, BACKPRESSURE] {
        let m = Mutation::SetValue(first(t, cell, "adding"), "7".into());
        caught(t, m, cell, "added-0-to-n");
    }
}

#[test]
fn consumed_equals_published() {
    let Some(t) = real() else { return };
    let reads = find_all(t, STREAM_QUEUE, |e| e.kind == "read");
    let v = |i: usize| t.lines[i].event.value.clone();
    let m = Mutation::All(vec![
        Mutation::SetValue(reads[0], v(reads[1])),
        Mutation::SetValue(reads[1], v(reads[0])),
    ]);
    caught(t, m, STREAM_QUEUE, "consumed-equals-published");
}

#[test]
fn workers_end_as_they_should() {
    let Some(t) = real() else { return };
    for (cell, property) in [
        (STREAM_QUEUE, "consumer-ends-at-end-marker"),
        (COMPETING_WORKERS, "workers-end-drained"),
        (WORKER_DIES, "survivors-end-drained"),
        (POOL_MAP, "pool-workers-end-drained"),
        (BACKPRESSURE, "backpressure-workers-end-drained"),
    ] {
        let exit = first(t, cell, "exit");
        caught(
            t,
            Mutation::SetValue(exit, "crashed".into()),
            cell,
            property,
        );
        caught(t, Mutation::Remove(exit), cell, property);
    }
}

#[test]
fn every_item_processed_once() {
    let Some(t) = real() else { return };
    let m = Mutation::Duplicate(first(t, COMPETING_WORKERS, "process"));
    caught(t, m, COMPETING_WORKERS, "every-item-processed-once");
}

#[test]
fn at_least_once_catches_a_lost_item() {
    let Some(t) = real() else { return };
    // An item other than the held one, never processed: lost.
    let lost = format!("{} ", item(t, other_process(t)));
    let m = remove_all(t, WORKER_DIES, |e| {
        e.kind == "process" && e.value.starts_with(&lost)
    });
    caught(t, m, WORKER_DIES, "at-least-once");
}

#[test]
fn at_least_once_catches_a_held_item_not_redelivered() {
    let Some(t) = real() else { return };
    // The held item processed only once: its redelivery is gone from the trace.
    let h = format!("{} ", held(t));
    let last = *find_all(t, WORKER_DIES, |e| {
        e.kind == "process" && e.value.starts_with(&h)
    })
    .last()
    .unwrap();
    caught(t, Mutation::Remove(last), WORKER_DIES, "at-least-once");
    // The kill of a worker that held nothing: nothing to redeliver, so nothing shown.
    let m = remove_all(t, WORKER_DIES, |e| {
        e.actor == "worker-1" && e.value.starts_with(&h)
    });
    caught(t, m, WORKER_DIES, "at-least-once");
}

#[test]
fn duplicates_are_redeliveries() {
    let Some(t) = real() else { return };
    // Another item processed twice with no claim: the group delivered it twice by itself.
    let m = Mutation::Duplicate(other_process(t));
    caught(t, m, WORKER_DIES, "duplicates-are-redeliveries");
}

#[test]
fn redelivered_after_kill() {
    let Some(t) = real() else { return };
    let m = remove_all(t, WORKER_DIES, |e| e.kind == "claim");
    caught(t, m, WORKER_DIES, "redelivered-after-kill");
    // A claim before the kill is not a redelivery after it.
    let m = Mutation::MoveBefore(
        first(t, WORKER_DIES, "claim"),
        first(t, WORKER_DIES, "kill"),
    );
    caught(t, m, WORKER_DIES, "redelivered-after-kill");
}

#[test]
fn effect_exactly_once() {
    let Some(t) = real() else { return };
    let m = Mutation::SetKind(first(t, WORKER_DIES, "skipped"), "stored".into());
    caught(t, m, WORKER_DIES, "effect-exactly-once");
}

#[test]
fn sink_skips_repeats() {
    let Some(t) = real() else { return };
    let m = remove_all(t, WORKER_DIES, |e| e.kind == "skipped");
    caught(t, m, WORKER_DIES, "sink-skips-repeats");
}

#[test]
fn one_worker_killed() {
    let Some(t) = real() else { return };
    let m = remove_all(t, WORKER_DIES, |e| e.kind == "kill");
    caught(t, m, WORKER_DIES, "one-worker-killed");
}

#[test]
fn map_in_input_order() {
    let Some(t) = real() else { return };
    let i = first(t, POOL_MAP, "map");
    let m = Mutation::SetValue(i, t.lines[i].event.value.replacen("0, 1", "1, 0", 1));
    caught(t, m, POOL_MAP, "map-in-input-order");
}

#[test]
fn one_reply_per_input() {
    let Some(t) = real() else { return };
    let m = Mutation::Remove(first(t, POOL_MAP, "result"));
    caught(t, m, POOL_MAP, "one-reply-per-input");
}

#[test]
fn map_after_every_reply() {
    let Some(t) = real() else { return };
    let m = Mutation::MoveBefore(first(t, POOL_MAP, "map"), first(t, POOL_MAP, "result"));
    caught(t, m, POOL_MAP, "map-after-every-reply");
}

#[test]
fn backlog_within_bound() {
    let Some(t) = real() else { return };
    let m = remove_all(t, BACKPRESSURE, |e| e.kind == "acking");
    caught(t, m, BACKPRESSURE, "backlog-within-bound");
    // Without its knob, the bound is unknown: that is a violation too, not a pass.
    let m = remove_all(t, BACKPRESSURE, |e| e.kind == "knob");
    caught(t, m, BACKPRESSURE, "backlog-within-bound");
}

#[test]
fn every_wait_resumes_before_adding() {
    let cell = |steps: Vec<(&'static str, &'static str, &'static str)>| {
        let run = Run::new("distributed").cell(BACKPRESSURE, "items=2 workers=1 bound=1 work_ms=1");
        steps
            .into_iter()
            .fold(run, |r, (a, k, v)| r.step(a, k, v))
            .end()
    };
    let good = cell(vec![
        ("producer", "adding", "0"),
        ("producer", "wait", "backlog=1"),
        ("producer", "resume", "backlog=0"),
        ("producer", "adding", "1"),
    ]);
    let report = check(&good, &properties());
    assert!(
        !report
            .violations()
            .any(|v| v.property == "every-wait-resumes-before-adding")
    );
    for bad in [
        vec![
            ("producer", "adding", "0"),
            ("producer", "wait", "backlog=1"),
            ("producer", "adding", "1"),
        ],
        vec![
            ("producer", "wait", "backlog=0"),
            ("producer", "resume", "backlog=0"),
        ],
        vec![
            ("producer", "wait", "backlog=1"),
            ("producer", "resume", "backlog=1"),
        ],
    ] {
        assert_caught_in(
            &cell(bad),
            &spec(),
            &properties(),
            "every-wait-resumes-before-adding",
            BACKPRESSURE,
        );
    }
}

#[test]
fn the_real_run_holds_everything() {
    let Some(t) = real() else { return };
    let report = check_lesson(t, &spec(), &properties());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0);
}

/// The shared harness's search: each property asserted on the real run has some small
/// mutation of it that the property catches.
#[test]
fn every_property_is_breakable() {
    let Some(t) = real() else { return };
    interleaving::testing::assert_every_property_breakable(t, &spec(), &properties());
}

#[test]
fn the_killed_worker_writes_nothing_after_its_kill() {
    let Some(t) = real() else { return };
    // A line of worker-1 moved after main's `kill`: a dead process cannot write.
    let m = Mutation::MoveAfter(first(t, WORKER_DIES, "hold"), first(t, WORKER_DIES, "kill"));
    assert_caught(
        &m.apply(t),
        &spec(),
        &properties(),
        "joined-actors-are-finished",
    );
}

#[test]
fn per_actor_order() {
    let Some(t) = real() else { return };
    // The producer's first two `adding` lines, in the other order.
    let adding = find_all(t, STREAM_QUEUE, |e| e.kind == "adding");
    let m = Mutation::Swap(adding[0], adding[1]);
    assert_caught(&m.apply(t), &spec(), &properties(), "per-actor-order");
}
