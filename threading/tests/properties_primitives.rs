//! The properties of the lock, rlock, condition, event and barrier cells against hand-made
//! traces: one run where all hold, and for each property a run that breaks it and is caught.

use interleaving::{Outcome, Trace, check};
use threading::properties::properties;

/// (actor, kind, value) before numbering.
type Ev = (&'static str, &'static str, String);

fn ev(actor: &'static str, kind: &'static str, value: impl Into<String>) -> Ev {
    (actor, kind, value.into())
}

fn trace(cell: &str, evs: &[Ev]) -> Trace {
    let lesson = std::iter::once(("lesson", "cell", cell.to_owned()));
    Trace::from_steps(lesson.chain(evs.iter().cloned()))
}

fn outcome(cell: &str, evs: &[Ev], name: &str) -> Outcome {
    check(&trace(cell, evs), &properties())
        .verdicts
        .into_iter()
        .find(|v| v.property == name)
        .unwrap_or_else(|| panic!("no property named {name}"))
        .outcome
}

/// Every property of `cell` holds on `evs`, and there are some.
fn all_hold(cell: &str, evs: &[Ev]) {
    let report = check(&trace(cell, evs), &properties());
    assert!(report.is_ok(), "{report}");
    let mine: Vec<_> = report
        .verdicts
        .iter()
        .filter(|v| v.cell.as_deref() == Some(cell))
        .collect();
    assert!(!mine.is_empty(), "no property about {cell}");
    assert!(mine.iter().all(|v| v.outcome == Outcome::Held), "{report}");
}

/// Property `name` is caught breaking on `evs`.
fn caught(cell: &str, name: &str, evs: &[Ev]) {
    let got = outcome(cell, evs, name);
    assert!(
        matches!(got, Outcome::Violated(_)),
        "{name} not caught: {got:?}"
    );
}

/// `evs` with event `i` replaced (`Some`) or removed (`None`).
fn edit(evs: &[Ev], i: usize, to: Option<Ev>) -> Vec<Ev> {
    let mut out = evs.to_vec();
    match to {
        Some(e) => out[i] = e,
        None => {
            out.remove(i);
        }
    }
    out
}

/// `evs` with event `from` moved to just before index `to`.
fn move_to(evs: &[Ev], from: usize, to: usize) -> Vec<Ev> {
    let mut out = evs.to_vec();
    let e = out.remove(from);
    out.insert(if from < to { to - 1 } else { to }, e);
    out
}

mod lock {
    use super::*;

    fn good() -> Vec<Ev> {
        let mut e = Vec::new();
        for (who, name) in [("lock-a", "lock-a"), ("lock-b", "lock-b")] {
            for i in 1..=3 {
                e.push(ev(who, "enter", "lock"));
                e.push(ev(who, "print", format!("{name}: turn {i}")));
                e.push(ev(who, "leave", "lock"));
            }
        }
        e.push(ev(
            "main",
            "print",
            "after the panic: lock.acquire(timeout=1) returned True",
        ));
        e.push(ev(
            "main",
            "print",
            "std Mutex after the same panic: poisoned is True",
        ));
        e.push(ev(
            "main",
            "print",
            "released by another thread: True; acquire(blocking=False) returned True",
        ));
        e
    }

    #[test]
    fn lock_properties_hold_on_a_good_run() {
        all_hold("lock", &good());
    }

    #[test]
    fn two_inside_the_lock_is_caught() {
        // lock-b's first enter (index 9) before lock-a's last leave (index 8).
        caught(
            "lock",
            "one-thread-inside-the-lock",
            &move_to(&good(), 9, 8),
        );
    }

    #[test]
    fn a_lost_turn_is_caught() {
        caught("lock", "every-turn-taken", &edit(&good(), 4, None));
    }

    #[test]
    fn a_lock_left_held_by_a_panic_is_caught() {
        let bad = ev(
            "main",
            "print",
            "after the panic: lock.acquire(timeout=1) returned False",
        );
        caught(
            "lock",
            "lock-free-after-a-panic-inside-it",
            &edit(&good(), 18, Some(bad)),
        );
    }

    #[test]
    fn a_refused_release_from_another_thread_is_caught() {
        let bad = ev(
            "main",
            "print",
            "released by another thread: False; acquire(blocking=False) returned False",
        );
        caught(
            "lock",
            "lock-released-by-another-thread",
            &edit(&good(), 20, Some(bad)),
        );
    }
}

mod rlock {
    use super::*;

    fn walk(who: &'static str) -> Vec<Ev> {
        let mut e = Vec::new();
        for d in 1..=3 {
            e.push(ev(who, "enter", d.to_string()));
            e.push(ev(
                who,
                "print",
                format!("{who}: depth {d}, holding {d} levels"),
            ));
        }
        for d in (1..=3).rev() {
            e.push(ev(who, "leave", d.to_string()));
        }
        e
    }

    fn good() -> Vec<Ev> {
        let mut e = vec![ev("lesson", "knob", "depth=3")];
        e.extend(walk("rlock-a"));
        e.extend(walk("rlock-b"));
        e.push(ev(
            "main",
            "print",
            "release() without owning it: RuntimeError: cannot release un-acquired lock",
        ));
        e
    }

    #[test]
    fn rlock_properties_hold_on_a_good_run() {
        all_hold("rlock", &good());
    }

    #[test]
    fn two_owners_are_caught() {
        // rlock-b's first enter (index 10) before rlock-a's last leave (index 9).
        caught(
            "rlock",
            "one-rlock-owner-at-a-time",
            &move_to(&good(), 10, 9),
        );
    }

    #[test]
    fn a_missing_level_is_caught() {
        caught(
            "rlock",
            "every-thread-reenters-to-the-full-depth",
            &edit(&good(), 5, None),
        );
        caught(
            "rlock",
            "every-thread-reenters-to-the-full-depth",
            &edit(&good(), 0, None),
        );
    }

    #[test]
    fn a_release_by_a_non_owner_that_succeeds_is_caught() {
        let bad = ev("main", "print", "release() without owning it: allowed?!");
        let last = good().len() - 1;
        caught(
            "rlock",
            "release-by-a-non-owner-is-an-error",
            &edit(&good(), last, Some(bad)),
        );
    }
}

mod condition {
    use super::*;

    fn good() -> Vec<Ev> {
        vec![
            ev("lesson", "knob", "consumers=3 items=2 batch=2"),
            ev("producer", "put", "0"),
            ev("producer", "put", "1"),
            ev("producer", "notify", "n=2 woke=2"),
            ev("consumer-1", "woke", ""),
            ev("consumer-1", "get", "0"),
            ev("consumer-2", "woke", ""),
            ev("consumer-2", "get", "1"),
            ev("producer", "notify", "n=all woke=1"),
            ev("consumer-3", "woke", ""),
        ]
    }

    #[test]
    fn condition_properties_hold_on_a_good_run() {
        all_hold("condition", &good());
    }

    #[test]
    fn notify_reporting_more_than_n_woken_is_caught() {
        let bad = ev("producer", "notify", "n=2 woke=3");
        caught(
            "condition",
            "at-most-n-woken-per-notify",
            &edit(&good(), 3, Some(bad)),
        );
    }

    #[test]
    fn a_third_waiter_woken_by_notify_2_is_caught() {
        // What std's Condvar did: a third wake-up before anyone notified again.
        caught(
            "condition",
            "at-most-n-woken-per-notify",
            &move_to(&good(), 9, 8),
        );
    }

    #[test]
    fn a_get_before_its_put_or_twice_is_caught() {
        let name = "every-item-taken-once-after-its-put";
        caught("condition", name, &move_to(&good(), 5, 1));
        caught(
            "condition",
            name,
            &edit(&good(), 7, Some(ev("consumer-2", "get", "0"))),
        );
    }
}

mod event {
    use super::*;

    fn good() -> Vec<Ev> {
        vec![
            ev("lesson", "knob", "waiters=3"),
            ev("main", "set", "go"),
            ev("main", "clear", "go"),
            ev("event-2", "print", "event-2: wait() returned True"),
            ev("event-1", "print", "event-1: wait() returned True"),
            ev("event-3", "print", "event-3: wait() returned True"),
            ev("main", "print", "after clear(): wait(0.01) returned False"),
        ]
    }

    #[test]
    fn event_properties_hold_on_a_good_run() {
        all_hold("event", &good());
    }

    #[test]
    fn gh_57711_a_waiter_missing_set_then_clear_is_caught() {
        let bad = ev("event-1", "print", "event-1: wait() returned False");
        caught(
            "event",
            "set-then-clear-wakes-every-waiter",
            &edit(&good(), 4, Some(bad)),
        );
        caught(
            "event",
            "set-then-clear-wakes-every-waiter",
            &edit(&good(), 0, None),
        );
    }

    #[test]
    fn a_waiter_returning_before_set_is_caught() {
        caught(
            "event",
            "event-waiters-wake-only-after-set",
            &move_to(&good(), 3, 1),
        );
    }

    #[test]
    fn a_cleared_event_that_still_reads_set_is_caught() {
        let bad = ev("main", "print", "after clear(): wait(0.01) returned True");
        caught(
            "event",
            "cleared-event-wait-times-out-false",
            &edit(&good(), 6, Some(bad)),
        );
    }
}

mod barrier {
    use super::*;

    const WHO: [&str; 3] = ["barrier-1", "barrier-2", "barrier-3"];

    fn good() -> Vec<Ev> {
        let mut e = vec![ev("lesson", "knob", "parties=3 rounds=2")];
        for r in 1..=2 {
            for who in WHO {
                e.push(ev(who, "print", format!("{who} arrived (round {r})")));
            }
            e.push(ev("action", "action", format!("round={r}")));
            e.push(ev("action", "print", format!("action: round {r} complete")));
            for (i, who) in WHO.iter().enumerate() {
                e.push(ev(who, "index", format!("round={r} index={i}")));
                e.push(ev(
                    who,
                    "print",
                    format!("{who} passed round {r}: wait() returned {i}"),
                ));
            }
        }
        e.push(ev("main", "print", "2 of 3 arrived; abort()"));
        e.push(ev("stranded-1", "print", "stranded-1: BrokenBarrierError"));
        e.push(ev("stranded-2", "print", "stranded-2: BrokenBarrierError"));
        e.push(ev("main", "print", "broken is True"));
        e
    }

    #[test]
    fn barrier_properties_hold_on_a_good_run() {
        all_hold("barrier", &good());
    }

    #[test]
    fn two_waiters_with_one_index_are_caught() {
        let bad = ev("barrier-2", "index", "round=1 index=0");
        let name = "every-waiter-of-a-round-gets-a-distinct-index";
        caught("barrier", name, &edit(&good(), 8, Some(bad)));
        caught("barrier", name, &edit(&good(), 0, None));
    }

    #[test]
    fn an_action_twice_or_never_in_a_round_is_caught() {
        let name = "the-action-runs-once-per-round";
        let twice = edit(&good(), 19, Some(ev("action", "action", "round=1")));
        caught("barrier", name, &twice);
        caught("barrier", name, &edit(&good(), 4, None));
    }

    #[test]
    fn an_action_before_the_last_arrival_or_after_a_pass_is_caught() {
        let name = "the-action-runs-after-the-rounds-arrivals-before-its-passes";
        caught("barrier", name, &move_to(&good(), 4, 3));
        caught("barrier", name, &move_to(&good(), 7, 4));
    }

    #[test]
    fn a_waiter_passing_an_aborted_barrier_is_caught() {
        let bad = ev("stranded-2", "print", "stranded-2: wait() returned 1");
        let at = good().len() - 2;
        caught(
            "barrier",
            "abort-breaks-every-waiter",
            &edit(&good(), at, Some(bad)),
        );
    }
}
