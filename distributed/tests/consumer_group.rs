//! Every cell's stream commands, recorded as `call`/`ret`, hold the consumer-group model
//! (`interleaving::linear::consumer_group`) on a real run, and each clause of the model is
//! caught on that run edited the way the clause forbids.

mod util;

use std::sync::OnceLock;

use distributed::cells::{COMPETING_WORKERS, STREAM_QUEUE, WORKER_DIES};
use distributed::properties::properties;
use interleaving::testing::{Mutation, find, find_all};
use interleaving::{Outcome, Trace, check};
use util::{passing_run, with_knob};

/// One real run with its own server (`None`: no server here).
fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| passing_run(&["--items", "8"]))
        .as_ref()
}

/// The `ret` lines of `cell` whose value starts with `prefix`.
fn rets(t: &Trace, cell: &str, prefix: &str) -> Vec<usize> {
    find_all(t, cell, |e| e.kind == "ret" && e.value.starts_with(prefix))
}

/// The `ret` lines of `cell`'s reads that brought an entry.
fn entries_read(t: &Trace, cell: &str) -> Vec<usize> {
    rets(t, cell, "xreadgroup ")
        .into_iter()
        .filter(|&i| !t.lines[i].event.value.ends_with("!Empty"))
        .collect()
}

/// A read's or claim's tag (`ITEM ID`) from its `ret` value.
fn tag(t: &Trace, i: usize) -> String {
    let v = &t.lines[i].event.value;
    v.split_once(' ').map_or("", |p| p.1).to_owned()
}

/// `consumer-group` of `cell` is violated on `m` applied to `t`, for clause `clause`.
fn caught(t: &Trace, m: Mutation, cell: &str, clause: &str) {
    let report = check(&m.apply(t), &properties());
    let v = report
        .violations()
        .find(|v| v.property == "consumer-group" && v.cell.as_deref() == Some(cell))
        .unwrap_or_else(|| panic!("consumer-group of {cell} held after {m}"));
    let Outcome::Violated(why) = &v.outcome else {
        unreachable!()
    };
    assert!(
        why.got.starts_with(clause),
        "expected the {clause} clause, got: {}",
        why.got
    );
}

#[test]
fn every_cell_holds_the_consumer_group_model() {
    let Some(t) = real() else { return };
    let report = check(t, &properties());
    let held = report
        .verdicts
        .iter()
        .filter(|v| v.property == "consumer-group" && v.outcome == Outcome::Held)
        .count();
    assert_eq!(held, 5, "{report}");
}

#[test]
fn an_entry_never_added_is_fresh() {
    let Some(t) = real() else { return };
    let read = rets(t, COMPETING_WORKERS, "xreadgroup 0 ")[0];
    let m = Mutation::SetValue(read, "xreadgroup 0 9-9".into());
    caught(t, m, COMPETING_WORKERS, "fresh");
}

#[test]
fn two_reads_of_one_worker_swapped_are_out_of_order() {
    let Some(t) = real() else { return };
    let reads = entries_read(t, STREAM_QUEUE);
    // Two reads in a row whose second entry was added (by the clock) before the first read
    // began: swapped, the first read gets the larger id, yet no clause but order is broken.
    let added = |i: usize| {
        let id = tag(t, i).rsplit(' ').next().unwrap_or("").to_owned();
        let add = find(t, STREAM_QUEUE, |e| {
            e.kind == "ret" && e.value == format!("xadd {id}")
        });
        t.lines[add].event.t_ns
    };
    let call_of = |i: usize| {
        let who = &t.lines[i].event.actor;
        let call = (0..i).rev().find(|&k| {
            let e = &t.lines[k].event;
            &e.actor == who && e.kind == "call"
        });
        t.lines[call.expect("every ret has its call")].event.t_ns
    };
    let (a, b) = reads
        .windows(2)
        .map(|w| (w[0], w[1]))
        .find(|&(a, b)| added(b) < call_of(a))
        .expect("the producer runs ahead of the consumer at some point");
    let m = Mutation::All(vec![
        Mutation::SetValue(a, t.lines[b].event.value.clone()),
        Mutation::SetValue(b, t.lines[a].event.value.clone()),
    ]);
    caught(t, m, STREAM_QUEUE, "order");
}

#[test]
fn a_read_that_found_nothing_instead_of_its_entry_skipped_it() {
    let Some(t) = real() else { return };
    let read = rets(t, STREAM_QUEUE, "xreadgroup 0 ")[0];
    let m = Mutation::SetValue(read, "xreadgroup !Empty".into());
    caught(t, m, STREAM_QUEUE, "skipped");
}

#[test]
fn an_entry_read_as_new_by_two_workers_is_repeated() {
    let Some(t) = real() else { return };
    let reads = entries_read(t, COMPETING_WORKERS);
    let first = reads[0];
    let who = &t.lines[first].event.actor;
    let other = reads
        .iter()
        .copied()
        .find(|&i| &t.lines[i].event.actor != who)
        .expect("a second worker read something");
    let m = Mutation::SetValue(other, t.lines[first].event.value.clone());
    caught(t, m, COMPETING_WORKERS, "repeated");
}

#[test]
fn a_claim_before_min_idle_is_early() {
    let Some(t) = real() else { return };
    // The same run, had the cell said entries must sit idle for 100 s.
    let m = with_knob(t, WORKER_DIES, "min_idle_ms", "100000");
    caught(t, m, WORKER_DIES, "early-claim");
}

#[test]
fn an_acknowledged_entry_delivered_again_breaks_acked() {
    let Some(t) = real() else { return };
    // A survivor's first empty claim comes after worker-1's first acknowledgement.
    let ack = find(t, WORKER_DIES, |e| e.kind == "ret" && e.value == "xack 1");
    let first_read = rets(t, WORKER_DIES, "xreadgroup ")[0];
    let claim = rets(t, WORKER_DIES, "xautoclaim !Empty")
        .into_iter()
        .find(|&i| i > ack)
        .expect("an empty claim after the first ack");
    let again = format!("xautoclaim {}", tag(t, first_read));
    caught(t, Mutation::SetValue(claim, again), WORKER_DIES, "acked");
}

#[test]
fn an_entry_whose_ack_removed_nothing_is_lost() {
    let Some(t) = real() else { return };
    let ack = rets(t, COMPETING_WORKERS, "xack 1")[0];
    let m = Mutation::SetValue(ack, "xack 0".into());
    caught(t, m, COMPETING_WORKERS, "lost");
}
