//! The partition cell on a real run (hosts as network namespaces, see `distributed::hosts`):
//! every property holds, each is caught by a mutation of that run that breaks it the way it
//! forbids, and nothing the cell made is left. Without root or `ip` the tests say
//! "skipped" (a failure where `CONCURRENCY_LAB_REQUIRE_NETNS=1`), and the cell's properties
//! say skipped with the reason.

mod util;

use std::sync::OnceLock;

use distributed::cells::PARTITION;
use distributed::hosts;
use distributed::properties::{properties, spec};
use interleaving::testing::{Mutation, assert_caught_in, find};
use interleaving::{Outcome, Trace, check_lesson};
use util::hosts_run;

/// One real run of the partition cell, shared by this file's tests (`None`: skipped).
fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| {
            let trace = hosts_run(&["--cell", PARTITION, "--items", "6", "--work-ms", "1"])?;
            let report = interleaving::check_lesson(&trace, &spec(), &properties());
            let observed: Vec<_> = report.observations().collect();
            assert!(
                observed.iter().all(|(_, o)| !o.starts_with("skipped")),
                "the cell ran: {observed:?}"
            );
            Some(trace)
        })
        .as_ref()
}

fn caught(t: &Trace, m: Mutation, property: &str) {
    assert_caught_in(&m.apply(t), &spec(), &properties(), property, PARTITION);
}

fn at(t: &Trace, kind: &str) -> usize {
    find(t, PARTITION, |e| e.kind == kind)
}

/// The line where the held item (item 0) is claimed.
fn held_claim(t: &Trace) -> usize {
    find(t, PARTITION, |e| {
        e.kind == "claim" && e.value.starts_with("0 ")
    })
}

#[test]
fn a_real_partition_holds_every_property_and_leaves_no_namespace() {
    let Some(t) = real() else { return };
    let late = &t.lines[at(t, "late-ack")].event;
    assert_eq!(late.actor, "worker-1");
    assert!(late.value.starts_with("0 "), "{late:?}");
    // The namespaces were named after the lesson's pid: none is left.
    let pid = t.lines[at(t, "cut")].event.pid;
    let left: Vec<String> = hosts::ip::namespaces()
        .unwrap()
        .into_iter()
        .filter(|n| n.starts_with(&format!("{}{pid}-", hosts::PREFIX)))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn nothing_lost_and_each_acked_once() {
    let Some(t) = real() else { return };
    let ack = at(t, "ack");
    caught(t, Mutation::Remove(ack), "nothing-lost-each-acked-once");
    caught(t, Mutation::Duplicate(ack), "nothing-lost-each-acked-once");
    caught(t, Mutation::Remove(at(t, "adding")), "added-0-to-n");
}

#[test]
fn delivery_and_stream_order() {
    let Some(t) = real() else { return };
    let read = at(t, "read");
    let adding = at(t, "adding");
    caught(
        t,
        Mutation::MoveBefore(read, adding),
        "delivered-after-adding",
    );
    let add = at(t, "add");
    caught(
        t,
        Mutation::SetValue(add, "0 99999999999999-0".into()),
        "stream-ids-increase",
    );
}

#[test]
fn effect_exactly_once_and_the_sink_skips_the_repeat() {
    let Some(t) = real() else { return };
    let skipped = at(t, "skipped");
    caught(
        t,
        Mutation::SetKind(skipped, "stored".into()),
        "effect-exactly-once",
    );
    caught(t, Mutation::Remove(at(t, "stored")), "effect-exactly-once");
    caught(t, Mutation::Remove(skipped), "sink-skips-repeats");
}

#[test]
fn every_duplicate_is_a_claim() {
    let Some(t) = real() else { return };
    caught(t, Mutation::Remove(held_claim(t)), "duplicates-are-claims");
}

#[test]
fn one_cut_then_a_heal() {
    let Some(t) = real() else { return };
    caught(t, Mutation::Duplicate(at(t, "cut")), "one-cut");
    caught(
        t,
        Mutation::MoveBefore(at(t, "heal"), at(t, "cut")),
        "cut-then-heal",
    );
}

#[test]
fn the_held_item_is_claimed_while_cut() {
    let Some(t) = real() else { return };
    let claim = held_claim(t);
    caught(
        t,
        Mutation::MoveAfter(claim, at(t, "heal")),
        "held-item-claimed-while-cut",
    );
    caught(t, Mutation::Remove(claim), "held-item-claimed-while-cut");
    // The claimer's XACK sent after the heal: the group did not give up during the cut.
    let acking = find(t, PARTITION, |e| {
        e.kind == "acking" && e.actor == "worker-2" && e.value.starts_with("0 ")
    });
    caught(
        t,
        Mutation::MoveAfter(acking, at(t, "heal")),
        "held-item-claimed-while-cut",
    );
}

/// `main` heals once the server has the claimer's XACK, which can be before the claimer
/// writes its `ack` line: that line landing after the heal is a run like any other (seen
/// once under load), and the verdict must not change.
#[test]
fn the_claimers_ack_line_may_land_after_the_heal() {
    let Some(t) = real() else { return };
    let ack = find(t, PARTITION, |e| {
        e.kind == "ack" && e.actor == "worker-2" && e.value.starts_with("0 ")
    });
    let heal = at(t, "heal");
    if ack > heal {
        return; // this run already wrote it after the heal, and held
    }
    // worker-2's lines from its ack up to the heal, moved after the heal in their own order
    // (latest first, each just after the heal), so worker-2's program order is kept.
    let mine: Vec<usize> = (ack..heal)
        .filter(|&i| t.lines[i].event.actor == "worker-2")
        .collect();
    let moves = mine
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &i)| Mutation::MoveAfter(i, heal - k))
        .collect();
    let moved = Mutation::All(moves).apply(t);
    let report = check_lesson(&moved, &spec(), &properties());
    assert!(report.is_ok(), "{report}");
}

#[test]
fn the_late_ack_comes_after_the_heal() {
    let Some(t) = real() else { return };
    let late = at(t, "late-ack");
    let heal = at(t, "heal");
    caught(t, Mutation::MoveBefore(late, heal), "late-ack-after-heal");
    caught(t, Mutation::Remove(late), "late-ack-after-heal");
    // An XACK that removed the entry: the claimer's did not happen first.
    caught(
        t,
        Mutation::SetKind(late, "ack".into()),
        "late-ack-after-heal",
    );
    // The ack sent before the cut: it was never in a dead link.
    let acking = find(t, PARTITION, |e| {
        e.kind == "acking" && e.actor == "worker-1"
    });
    caught(
        t,
        Mutation::MoveBefore(acking, at(t, "cut")),
        "late-ack-after-heal",
    );
    caught(
        t,
        Mutation::Remove(held_claim(t)),
        "late-acks-follow-claims",
    );
}

#[test]
fn a_machine_without_namespaces_says_skipped_for_every_property() {
    let t = Trace::from_steps([
        ("lesson", "cell", PARTITION),
        ("main", "skip", "hosts as network namespaces need root"),
    ]);
    let report = check_lesson(&t, &spec(), &properties());
    let verdicts: Vec<_> = report
        .verdicts
        .iter()
        .filter(|v| v.cell.as_deref() == Some(PARTITION))
        .collect();
    assert!(!verdicts.is_empty());
    for v in verdicts {
        assert!(
            matches!(&v.outcome, Outcome::Observed(o) if o.starts_with("skipped: hosts")),
            "{v}"
        );
    }
}
