//! The properties of the lock, rlock, condition, event and barrier cells on a real recorded run
//! (through the shared harness, `interleaving::testing`): all hold, and each is caught by a
//! named mutation of that run.

use interleaving::testing::{Mutation, at, at_kind, find, find_all};

#[path = "support/recorded.rs"]
mod recorded;
use recorded::run;

#[test]
fn the_primitives_properties_hold_on_a_real_run() {
    run().holds();
}

mod lock {
    use super::*;

    #[test]
    fn one_thread_inside_the_lock_catches_a_second_holder() {
        // The first `leave`, and an `enter` of another thread after it, moved before it.
        let t = run();
        let leave = find(t, "lock", |e| e.kind == "leave");
        let who = &t.lines[leave].event.actor;
        let other = find_all(t, "lock", |e| e.kind == "enter" && &e.actor != who)
            .into_iter()
            .find(|i| *i > leave)
            .expect("another thread enters after");
        run().caught(
            Mutation::MoveBefore(other, leave),
            "one-thread-inside-the-lock",
        );
    }

    #[test]
    fn every_turn_taken_catches_a_lost_turn() {
        let turn = find(run(), "lock", |e| {
            e.kind == "print" && e.value.contains(": turn ")
        });
        run().caught(Mutation::Remove(turn), "every-turn-taken");
    }

    #[test]
    fn lock_free_after_a_panic_inside_it_catches_a_lock_left_held() {
        let i = find(run(), "lock", |e| e.value.starts_with("after the panic:"));
        run().caught(
            run().rewrite(i, "returned True", "returned False"),
            "lock-free-after-a-panic-inside-it",
        );
    }

    #[test]
    fn lock_released_by_another_thread_catches_a_refused_release() {
        let i = find(run(), "lock", |e| {
            e.value.starts_with("released by another thread:")
        });
        run().caught(
            run().rewrite(i, "thread: True", "thread: False"),
            "lock-released-by-another-thread",
        );
    }
}

mod rlock {
    use super::*;

    #[test]
    fn one_rlock_owner_at_a_time_catches_two_owners() {
        // The first owner's last release, with the other's first acquire moved before it.
        let t = run();
        let first = &t.lines[find(t, "rlock", |e| e.kind == "enter")].event.actor;
        let last_leave = *find_all(t, "rlock", |e| e.kind == "leave" && &e.actor == first)
            .last()
            .expect("the owner releases");
        let other = find(t, "rlock", |e| e.kind == "enter" && &e.actor != first);
        run().caught(
            Mutation::MoveBefore(other, last_leave),
            "one-rlock-owner-at-a-time",
        );
    }

    #[test]
    fn every_thread_reenters_to_the_full_depth_catches_a_missing_level() {
        let name = "every-thread-reenters-to-the-full-depth";
        let level = at_kind(run(), "rlock", "rlock-a", "enter");
        run().caught(Mutation::Remove(level), name);
        // A trace that does not say the depth.
        let knob = at_kind(run(), "rlock", "lesson", "knob");
        run().caught(Mutation::SetValue(knob, String::new()), name);
    }

    #[test]
    fn release_by_a_non_owner_is_an_error_catches_an_allowed_release() {
        let i = find(run(), "rlock", |e| {
            e.value.starts_with("release() without owning it:")
        });
        run().caught(
            Mutation::SetValue(i, "release() without owning it: allowed?!".into()),
            "release-by-a-non-owner-is-an-error",
        );
    }
}

mod condition {
    use super::*;

    #[test]
    fn at_most_n_woken_per_notify_catches_an_over_report() {
        let i = find(run(), "condition", |e| {
            e.kind == "notify" && e.value.starts_with("n=2 ")
        });
        run().caught(
            Mutation::SetValue(i, "n=2 woke=3".into()),
            "at-most-n-woken-per-notify",
        );
    }

    #[test]
    fn at_most_n_woken_per_notify_catches_a_third_waiter_woken_by_notify_2() {
        // What std's Condvar did: a wake-up that only notify_all explains, moved before it.
        let t = run();
        let all = find(t, "condition", |e| {
            e.kind == "notify" && e.value.starts_with("n=all")
        });
        let late = find_all(t, "condition", |e| e.kind == "woke")
            .into_iter()
            .find(|i| *i > all)
            .expect("a waiter woken by notify_all");
        run().caught(
            Mutation::MoveBefore(late, all),
            "at-most-n-woken-per-notify",
        );
    }

    #[test]
    fn every_item_taken_once_after_its_put_catches_an_early_or_double_get() {
        let name = "every-item-taken-once-after-its-put";
        let t = run();
        let put = at(t, "condition", "producer", "0");
        let get = find(t, "condition", |e| e.kind == "get" && e.value == "0");
        run().caught(Mutation::MoveBefore(get, put), name);
        let other = find(t, "condition", |e| e.kind == "get" && e.value != "0");
        run().caught(Mutation::SetValue(other, "0".into()), name);
    }
}

mod event {
    use super::*;

    #[test]
    fn gh_57711_set_then_clear_wakes_every_waiter_catches_a_missed_waiter() {
        let name = "set-then-clear-wakes-every-waiter";
        let i = find(run(), "event", |e| {
            e.actor.starts_with("event-") && e.value.ends_with("wait() returned True")
        });
        run().caught(run().rewrite(i, "returned True", "returned False"), name);
        let knob = at_kind(run(), "event", "lesson", "knob");
        run().caught(Mutation::SetValue(knob, String::new()), name);
    }

    #[test]
    fn gh_57711_ten_waiters_or_more_are_counted_as_numbers() {
        let name = "set-then-clear-wakes-every-waiter";
        let rule = threading::properties::properties()
            .into_iter()
            .find(|p| p.name == name)
            .expect("the property")
            .rule;
        let woken = |n: usize| {
            let mut steps = vec![(
                "lesson".to_owned(),
                "knob".to_owned(),
                "waiters=12".to_owned(),
            )];
            for i in (1..=n).rev() {
                let who = format!("event-{i}");
                steps.push((
                    who.clone(),
                    "print".into(),
                    format!("{who}: wait() returned True"),
                ));
            }
            interleaving::Trace::from_steps(steps)
        };
        assert_eq!(rule.eval(&woken(12).lines), interleaving::Outcome::Held);
        assert!(matches!(
            rule.eval(&woken(11).lines),
            interleaving::Outcome::Violated(_)
        ));
    }

    #[test]
    fn event_waiters_wake_only_after_set_catches_an_early_return() {
        let t = run();
        let set = at_kind(t, "event", "main", "set");
        let woke = find(t, "event", |e| e.actor.starts_with("event-"));
        run().caught(
            Mutation::MoveBefore(woke, set),
            "event-waiters-wake-only-after-set",
        );
    }

    #[test]
    fn cleared_event_wait_times_out_false_catches_a_set_reading() {
        let i = find(run(), "event", |e| e.value.starts_with("after clear():"));
        run().caught(
            run().rewrite(i, "returned False", "returned True"),
            "cleared-event-wait-times-out-false",
        );
    }
}

mod barrier {
    use super::*;

    #[test]
    fn every_waiter_of_a_round_gets_a_distinct_index_catches_a_shared_index() {
        let name = "every-waiter-of-a-round-gets-a-distinct-index";
        let t = run();
        let other = find(t, "barrier", |e| {
            e.kind == "index" && e.value.starts_with("round=1 ") && e.value != "round=1 index=0"
        });
        run().caught(Mutation::SetValue(other, "round=1 index=0".into()), name);
        let knob = at_kind(t, "barrier", "lesson", "knob");
        run().caught(Mutation::Remove(knob), name);
    }

    #[test]
    fn the_action_runs_once_per_round_catches_a_double_or_missing_action() {
        let name = "the-action-runs-once-per-round";
        let t = run();
        let two = at(t, "barrier", "action", "round=2");
        run().caught(Mutation::SetValue(two, "round=1".into()), name);
        run().caught(Mutation::Remove(two), name);
    }

    #[test]
    fn the_action_runs_after_the_rounds_arrivals_before_its_passes_catches_a_misplaced_action() {
        let name = "the-action-runs-after-the-rounds-arrivals-before-its-passes";
        let t = run();
        let action = at(t, "barrier", "action", "round=1");
        let arrival = find(t, "barrier", |e| e.value.ends_with("arrived (round 1)"));
        run().caught(Mutation::MoveBefore(action, arrival), name);
        let pass = find(t, "barrier", |e| e.value.contains("passed round 1:"));
        run().caught(Mutation::MoveAfter(action, pass), name);
    }

    #[test]
    fn abort_breaks_every_waiter_catches_a_waiter_passing() {
        let i = find(run(), "barrier", |e| {
            e.actor.starts_with("stranded-") && e.value.ends_with("BrokenBarrierError")
        });
        let who = run().lines[i].event.actor.clone();
        run().caught(
            Mutation::SetValue(i, format!("{who}: wait() returned 1")),
            "abort-breaks-every-waiter",
        );
    }
}
