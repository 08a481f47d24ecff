//! Every property of the lesson, fed a trace where it holds and one that breaks it: a check
//! that cannot fail would be a defect (SPEC section 4).

use std::collections::BTreeMap;

use interleaving::{Outcome, Trace, check};
use producer_consumer::properties::properties;

type E = (&'static str, &'static str, String);

fn e(actor: &'static str, kind: &'static str, value: impl ToString) -> E {
    (actor, kind, value.to_string())
}

/// A trace from (actor, kind, value) triples, `seq` counted per actor within each cell.
fn trace(cells: &[(&str, Vec<E>)]) -> Trace {
    Trace::from_steps(cells.iter().flat_map(|(cell, evs)| {
        std::iter::once(("lesson", "cell", cell.to_string())).chain(evs.iter().cloned())
    }))
}

fn notebook() -> Vec<E> {
    vec![
        e("main", "start", "consumer"),
        e("main", "start", "producer"),
        e("producer", "put", 0),
        e("producer", "print", "Published 0"),
        e("consumer", "get", 0),
        e("consumer", "print", "Consumed 0"),
        e("producer", "put", 1),
        e("producer", "print", "Published 1"),
        e("main", "join", "producer"),
        e("main", "shutdown", "graceful"),
        e("consumer", "get", 1),
        e("consumer", "print", "Consumed 1"),
        e("consumer", "exit", "shutdown"),
        e("main", "join", "consumer"),
    ]
}

/// Cell `notebook`'s queue operations, as a sequential history.
fn notebook_ops() -> Vec<E> {
    ops(&[
        ("producer", "put 0", "ok"),
        ("consumer", "get", "0"),
        ("producer", "put 1", "ok"),
        ("consumer", "get", "1"),
        ("consumer", "get", "!ShutDown"),
    ])
}

fn task_done() -> Vec<E> {
    vec![
        e("main", "start", "consumer-1"),
        e("main", "put", 0),
        e("main", "put", 1),
        e("consumer-1", "get", 0),
        e("consumer-1", "done", 0),
        e("consumer-1", "get", 1),
        e("consumer-1", "done", 1),
        e("main", "join", "queue"),
        e("main", "shutdown", "graceful"),
        e("consumer-1", "exit", "shutdown"),
        e("main", "join", "consumer-1"),
    ]
}

fn backpressure() -> Vec<E> {
    vec![
        e("consumer", "getting", 0),
        e("producer", "put", 0),
        e("producer", "print", "Published 0"),
        e("producer", "put", 1),
        e("producer", "print", "Published 1"),
        e("producer", "put", 2),
        e("producer", "full", 2),
        e("consumer", "get", 0),
        e("consumer", "getting", 1),
        e("producer", "print", "Published 2"),
        e("consumer", "get", 1),
        e("consumer", "getting", 2),
        e("consumer", "get", 2),
        e("consumer", "getting", 3),
        e("main", "join", "producer"),
        e("main", "shutdown", "graceful"),
        e("consumer", "exit", "shutdown"),
        e("main", "join", "consumer"),
    ]
}

/// Cell `backpressure`'s queue operations, as a sequential history.
fn backpressure_ops() -> Vec<E> {
    ops(&[
        ("producer", "put_nowait 0", "ok"),
        ("producer", "put_nowait 1", "ok"),
        ("producer", "put_nowait 2", "!Full"),
        ("consumer", "get", "0"),
        ("producer", "put 2", "ok"),
        ("consumer", "get", "1"),
        ("consumer", "get", "2"),
        ("consumer", "get", "!ShutDown"),
    ])
}

fn many() -> Vec<E> {
    vec![
        e("producer-1", "put", "1:0"),
        e("producer-2", "put", "2:0"),
        e("producer-1", "put", "1:1"),
        e("consumer-2", "get", "2:0"),
        e("consumer-1", "get", "1:1"),
        e("consumer-2", "get", "1:0"),
        e("main", "join", "producer-1"),
        e("main", "join", "producer-2"),
        e("main", "shutdown", "graceful"),
        e("consumer-1", "exit", "shutdown"),
        e("consumer-2", "exit", "shutdown"),
        e("main", "join", "consumer-1"),
        e("main", "join", "consumer-2"),
    ]
}

/// Cell `many`'s queue operations, as a sequential history.
fn many_ops() -> Vec<E> {
    ops(&[
        ("producer-1", "put 1:0", "ok"),
        ("producer-2", "put 2:0", "ok"),
        ("producer-1", "put 1:1", "ok"),
        ("consumer-2", "get", "1:0"),
        ("consumer-1", "get", "2:0"),
        ("consumer-2", "get", "1:1"),
        ("consumer-1", "get", "!ShutDown"),
        ("consumer-2", "get", "!ShutDown"),
    ])
}

fn crossbeam() -> Vec<E> {
    vec![
        e("sender-1", "send", "1:0"),
        e("sender-1", "send", "1:1"),
        e("consumer-1", "recv", "1:0"),
        e("consumer-1", "recv", "1:1"),
        e("consumer-1", "exit", "disconnected"),
        e("main", "join", "sender-1"),
        e("main", "join", "consumer-1"),
        e("main", "timeout", "20ms"),
    ]
}

/// A sequential history of queue operations, each a `call` and a `ret` (appended to a cell).
fn ops(steps: &[(&'static str, &str, &str)]) -> Vec<E> {
    let mut out = Vec::new();
    for (actor, call, result) in steps {
        let name = call.split(' ').next().unwrap_or_default();
        out.push(e(actor, "call", call));
        out.push(e(actor, "ret", format!("{name} {result}")));
    }
    out
}

/// `evs` with `ops` inserted before its first `exit`: a consumer's exit stays its last event.
fn before_exit(mut evs: Vec<E>, ops: Vec<E>) -> Vec<E> {
    let at = evs.iter().position(|x| x.1 == "exit").unwrap_or(evs.len());
    evs.splice(at..at, ops);
    evs
}

/// The two-lane queue's forced order: put(1:0) returns, put(2:0), then 2:0 is got first.
fn lanes() -> Vec<E> {
    let mut evs = vec![e("producer-1", "put", "1:0")];
    evs.extend(ops(&[("producer-1", "put 1:0", "ok")]));
    evs.push(e("producer-2", "put", "2:0"));
    evs.extend(ops(&[
        ("producer-2", "put 2:0", "ok"),
        ("consumer-2", "get_nowait", "2:0"),
    ]));
    evs.push(e("consumer-2", "get", "2:0"));
    evs.extend(ops(&[("consumer-1", "get_nowait", "1:0")]));
    evs.push(e("consumer-1", "get", "1:0"));
    evs
}

fn all_cells() -> Vec<(&'static str, Vec<E>)> {
    vec![
        ("producer-consumer", before_exit(notebook(), notebook_ops())),
        ("task-done-join", task_done()),
        (
            "backpressure",
            before_exit(backpressure(), backpressure_ops()),
        ),
        ("many-to-many", before_exit(many(), many_ops())),
        ("crossbeam", crossbeam()),
        ("two-lanes", lanes()),
    ]
}

/// Checks the whole lesson with one cell replaced by `cell`, and returns the names of the
/// violated properties.
fn violations_with(name: &str, cell: Vec<E>) -> Vec<String> {
    let cells: Vec<_> = all_cells()
        .into_iter()
        .map(|(n, evs)| {
            if n == name {
                (n, cell.clone())
            } else {
                (n, evs)
            }
        })
        .collect();
    let report = check(&trace(&cells), &properties());
    report.violations().map(|v| v.property.clone()).collect()
}

fn assert_breaks(cell: &str, evs: Vec<E>, property: &str) {
    let got = violations_with(cell, evs);
    assert!(
        got.iter().any(|p| p == property),
        "{property} not caught: violations {got:?}"
    );
}

fn without(mut evs: Vec<E>, i: usize) -> Vec<E> {
    evs.remove(i);
    evs
}

fn swapped(mut evs: Vec<E>, i: usize, j: usize) -> Vec<E> {
    evs.swap(i, j);
    evs
}

fn set(mut evs: Vec<E>, i: usize, value: &str) -> Vec<E> {
    evs[i].2 = value.to_string();
    evs
}

#[test]
fn a_good_run_holds_everything_and_runs_every_cell() {
    let report = check(&trace(&all_cells()), &properties());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0, "{report}");
}

#[test]
fn a_missing_cell_is_reported_not_run() {
    let cells: Vec<_> = all_cells()
        .into_iter()
        .filter(|(n, _)| *n != "crossbeam")
        .collect();
    let report = check(&trace(&cells), &properties());
    assert!(
        report
            .not_run()
            .any(|v| v.property == "select-times-out-once")
    );
}

#[test]
fn per_actor_order_catches_a_lost_line() {
    let mut t = trace(&all_cells());
    t.lines.remove(3); // producer's put 0: its next event has seq 1 where 0 was due
    // Per-actor order is a rule every trace gets, stated once in interleaving.
    let verdicts = interleaving::every_trace::verdicts(&t, &producer_consumer::properties::spec());
    assert!(
        verdicts
            .iter()
            .any(|v| v.property == "per-actor-order" && v.to_string().starts_with("VIOLATED")),
        "{verdicts:?}"
    );
}

#[test]
fn published_in_order_catches_a_skipped_or_unprinted_item() {
    assert_breaks(
        "producer-consumer",
        set(notebook(), 6, "2"),
        "published-0-to-n-in-order",
    );
    assert_breaks(
        "producer-consumer",
        set(notebook(), 7, "Published 7"),
        "published-0-to-n-in-order",
    );
}

#[test]
fn consumed_equals_published_catches_reordering() {
    let evs = set(set(notebook(), 4, "1"), 10, "0");
    assert_breaks("producer-consumer", evs, "consumed-equals-published");
}

#[test]
fn get_after_put_catches_a_get_before_its_put() {
    // consumer's get 0 moved before producer's put 0.
    assert_breaks(
        "producer-consumer",
        swapped(notebook(), 2, 4),
        "every-get-after-its-put-began",
    );
    let mut evs = many();
    evs.swap(0, 5); // consumer-2 gets 1:0 before producer-1 put it
    assert_breaks("many-to-many", evs, "every-get-after-its-put-began");
}

#[test]
fn consumer_ends_cleanly_catches_an_endless_or_unjoined_consumer() {
    // The notebook's own consumer: no exit, no join.
    assert_breaks(
        "producer-consumer",
        without(without(notebook(), 13), 12),
        "consumer-ends-cleanly",
    );
    // Exited, but main never joined it.
    assert_breaks(
        "producer-consumer",
        without(notebook(), 13),
        "consumer-ends-cleanly",
    );
    // Did something after its exit.
    assert_breaks(
        "producer-consumer",
        swapped(notebook(), 11, 12),
        "consumer-ends-cleanly",
    );
    // Exited for another reason.
    assert_breaks(
        "producer-consumer",
        set(notebook(), 12, "crashed"),
        "consumer-ends-cleanly",
    );
}

#[test]
fn consumer_ends_after_shutdown_catches_an_early_exit() {
    let mut evs = notebook();
    let shutdown = evs.remove(9);
    evs.insert(12, shutdown); // now after the consumer's exit
    assert_breaks("producer-consumer", evs, "consumer-ends-after-shutdown");
}

#[test]
fn task_done_properties_catch_a_missing_done_and_an_early_join() {
    assert_breaks(
        "task-done-join",
        without(task_done(), 6),
        "every-item-done-once",
    );
    assert_breaks(
        "task-done-join",
        swapped(task_done(), 6, 7),
        "join-returns-after-every-task-done",
    );
    assert_breaks(
        "task-done-join",
        without(task_done(), 10),
        "workers-end-cleanly",
    );
}

#[test]
fn backpressure_allows_the_queue_full_line() {
    let mut evs = backpressure();
    evs.insert(
        7,
        e("producer", "print", "queue full: put(2) waits for a get"),
    );
    assert_eq!(
        violations_with("backpressure", before_exit(evs, backpressure_ops())),
        Vec::<String>::new()
    );
}

#[test]
fn backpressure_catches_a_producer_too_far_ahead() {
    // "Published 2" before the consumer began any get: 3 items in a queue of 2.
    // The consumer began its first get only after "Published 2": 3 items in a queue of 2.
    let mut evs = backpressure();
    let getting_1 = evs.remove(8);
    let getting_0 = evs.remove(0);
    evs.insert(8, getting_1);
    evs.insert(8, getting_0);
    assert_eq!(evs[7].2, "Published 2");
    assert_breaks("backpressure", evs, "put-waits-for-room");
    assert_breaks(
        "backpressure",
        swapped(backpressure(), 10, 12),
        "bounded-fifo",
    );
    assert_breaks(
        "backpressure",
        without(backpressure(), 16),
        "slow-consumer-ends-cleanly",
    );
}

#[test]
fn many_to_many_catches_loss_duplication_and_reordering() {
    assert_breaks("many-to-many", without(many(), 5), "no-loss-no-dup");
    let mut dup = many();
    dup.insert(6, e("consumer-1", "get", "2:0"));
    assert_breaks("many-to-many", dup, "no-loss-no-dup");
    // consumer-1 gets 1:1 then 1:0.
    let mut reorder = many();
    reorder[5].0 = "consumer-1";
    assert_breaks("many-to-many", reorder, "per-producer-order-kept");
    assert_breaks("many-to-many", without(many(), 10), "consumers-end-cleanly");
}

#[test]
fn crossbeam_catches_loss_reordering_a_stuck_receiver_and_no_timeout() {
    assert_breaks(
        "crossbeam",
        without(crossbeam(), 3),
        "channel-no-loss-no-dup",
    );
    assert_breaks(
        "crossbeam",
        swapped(crossbeam(), 2, 3),
        "channel-per-sender-order-kept",
    );
    assert_breaks(
        "crossbeam",
        swapped(crossbeam(), 1, 3),
        "every-recv-after-its-send-began",
    );
    assert_breaks(
        "crossbeam",
        set(crossbeam(), 4, "shutdown"),
        "receivers-end-when-senders-drop",
    );
    assert_breaks(
        "crossbeam",
        without(crossbeam(), 7),
        "select-times-out-once",
    );
}

#[test]
fn observations_are_recorded_not_asserted() {
    let report = check(&trace(&all_cells()), &properties());
    let obs: BTreeMap<&str, &str> = report.observations().collect();
    assert_eq!(
        obs.get("items-per-consumer"),
        Some(&"consumer-1 1, consumer-2 2")
    );
    assert_eq!(obs.get("times-the-queue-was-full"), Some(&"1"));
    assert!(obs.contains_key("torn-lines"));
    // An observation never fails, whatever the trace.
    let empty = check(&trace(&[("many-to-many", vec![])]), &properties());
    let v = empty
        .verdicts
        .iter()
        .find(|v| v.property == "items-per-consumer")
        .unwrap();
    assert!(matches!(v.outcome, Outcome::Observed(_)));
}

#[test]
fn empty_cells_violate_rather_than_hold() {
    // A cell that ran but did nothing must not pass as "nothing went wrong".
    for cell in [
        "producer-consumer",
        "task-done-join",
        "backpressure",
        "many-to-many",
        "crossbeam",
    ] {
        let got = violations_with(cell, vec![]);
        assert!(!got.is_empty(), "{cell}: an empty run passed");
    }
}

#[test]
fn linearizable_catches_b_got_before_a_when_put_a_came_first() {
    // consumer-2 gets 1:1 while 1:0, put before it, is never got.
    let mut evs = before_exit(many(), many_ops());
    let ret = |evs: &Vec<E>, v: &str| evs.iter().position(|x| x.1 == "ret" && x.2 == v);
    let at = ret(&evs, "get 1:0").unwrap();
    evs[at].2 = "get 1:1".into();
    let later = evs
        .iter()
        .rposition(|x| x.1 == "ret" && x.2 == "get 1:1")
        .unwrap();
    evs[later].2 = "get !ShutDown".into();
    assert_breaks("many-to-many", evs, "linearizable");
}

#[test]
fn linearizable_catches_shutdown_while_an_item_waits() {
    // The consumer's get says ShutDown (so: empty) while item 1 sat in the queue all along.
    let mut evs = before_exit(notebook(), notebook_ops());
    let at = evs
        .iter()
        .position(|x| x.1 == "ret" && x.2 == "get 1")
        .unwrap();
    evs[at].2 = "get !ShutDown".into();
    assert_breaks("producer-consumer", evs, "linearizable");
}

#[test]
fn linearizable_catches_a_cell_with_no_operations_and_a_ret_without_call() {
    assert_breaks("backpressure", backpressure(), "linearizable");
    let mut ops = backpressure_ops();
    ops.remove(0);
    assert_breaks(
        "backpressure",
        before_exit(backpressure(), ops),
        "linearizable",
    );
}

#[test]
fn not_linearizable_caught_fails_when_the_lanes_behave_like_a_queue() {
    // Had consumer-2 got 1:0 first, nothing would be wrong, and the cell would not teach.
    let swap = |v: String| {
        v.replace("2:0", "X")
            .replace("1:0", "2:0")
            .replace('X', "1:0")
    };
    let evs: Vec<E> = lanes()
        .into_iter()
        .map(|(a, k, v)| {
            if a.starts_with("consumer") {
                (a, k, swap(v))
            } else {
                (a, k, v)
            }
        })
        .collect();
    assert_breaks("two-lanes", evs, "not-linearizable-caught");
}
