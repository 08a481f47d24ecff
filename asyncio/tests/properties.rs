//! The lesson's properties (all but the structured cells', in `structured_properties.rs`) on a
//! real recorded run, through the shared harness (`interleaving::testing`): all hold, each
//! asserted one is caught by a named mutation of the run, observations record. Each task's
//! order is a rule every trace gets, tested in `interleaving`.

use std::sync::OnceLock;

use asyncio::properties::{properties, spec};
use interleaving::testing::{Mutation, Recording, at_kind, find, find_all, observed};

/// One recorded run of the lesson, shared by the tests.
fn run() -> &'static Recording {
    static RUN: OnceLock<Recording> = OnceLock::new();
    RUN.get_or_init(|| {
        Recording::new(
            env!("CARGO_BIN_EXE_asyncio"),
            &["--clients", "4"],
            spec(),
            properties(),
        )
    })
}

/// The lines of `cell` of kind `kind`.
fn all(cell: &str, kind: &str) -> Vec<usize> {
    find_all(run(), cell, |e| e.kind == kind)
}

#[test]
fn every_property_holds_on_a_real_run() {
    run().holds();
}

mod lazy {
    use super::*;
    const CELL: &str = "lazy-coroutines";

    #[test]
    fn coroutine_body_runs_only_when_awaited_and_once() {
        let body = at_kind(run(), CELL, "coroutine", "print");
        let wait = at_kind(run(), CELL, "main", "await");
        run().caught(
            Mutation::MoveBefore(body, wait),
            "coroutine-body-runs-only-when-awaited",
        );
        run().caught(Mutation::Duplicate(body), "coroutine-body-runs-once");
    }

    #[test]
    fn unawaited_coroutine_never_runs_catches_a_line_by_it() {
        let line = at_kind(run(), CELL, "main", "print");
        run().caught(
            Mutation::SetActor(line, "never-awaited".into()),
            "unawaited-coroutine-never-runs",
        );
    }

    #[test]
    fn tasks_on_the_wrong_threads_are_caught() {
        let ct = find(run(), CELL, |e| {
            e.value.starts_with("current_thread runtime:")
        });
        run().caught(
            run().rewrite(ct, ": true", ": false"),
            "current-thread-task-runs-on-the-calling-thread",
        );
        let mt = find(run(), CELL, |e| {
            e.value.starts_with("multi_thread runtime:")
        });
        run().caught(
            run().rewrite(mt, "\"asyncio-worker\"", "\"main\""),
            "multi-thread-task-runs-on-a-worker",
        );
    }
}

mod concurrent_sleeps {
    use super::*;
    const CELL: &str = "concurrent-sleeps";

    #[test]
    fn sleeps_that_did_not_overlap_are_caught() {
        let name = "gathered-sleeps-take-well-under-n-times-d";
        let gathered = find(run(), CELL, |e| e.value.starts_with("gathered="));
        run().caught(Mutation::SetValue(gathered, "gathered=300000".into()), name);
        run().caught(Mutation::Remove(gathered), name);
        observed(run(), &properties(), "sequential-vs-gathered");
    }

    #[test]
    fn a_wake_before_another_sleep_began_is_caught() {
        let last_sleep = *all(CELL, "sleep").last().unwrap();
        run().caught(
            Mutation::MoveBefore(all(CELL, "wake")[0], last_sleep),
            "every-sleep-starts-before-any-wakes",
        );
    }

    #[test]
    fn a_task_that_never_woke_is_caught() {
        run().caught(
            Mutation::Remove(all(CELL, "wake")[3]),
            "every-task-wakes-once",
        );
    }
}

mod semaphore {
    use super::*;
    const CELL: &str = "semaphore";

    #[test]
    fn k_plus_one_inside_is_caught() {
        // Nobody leaves: the fourth worker in is one more than the 3 permits allow.
        let leaves = all(CELL, "leave");
        let m = Mutation::All(leaves.into_iter().rev().map(Mutation::Remove).collect());
        run().caught(m, "never-more-than-k-inside");
        // A trace that does not say its permits.
        let permits = at_kind(run(), CELL, "main", "permits");
        run().caught(Mutation::Remove(permits), "never-more-than-k-inside");
        observed(run(), &properties(), "most-inside-at-once");
    }

    #[test]
    fn a_worker_that_never_entered_or_never_left_is_caught() {
        run().caught(
            Mutation::Remove(all(CELL, "enter")[2]),
            "every-worker-enters-once",
        );
        run().caught(
            Mutation::Remove(all(CELL, "leave")[2]),
            "every-worker-leaves-once",
        );
    }
}

#[test]
fn a_tick_while_blocked_or_no_unblock_is_caught() {
    const CELL: &str = "blocking-trap";
    let name = "blocking-call-freezes-the-ticker";
    let block = at_kind(run(), CELL, "blocker", "block");
    let tick = at_kind(run(), CELL, "ticker-trap", "tick");
    run().caught(Mutation::MoveAfter(tick, block), name);
    run().caught(
        Mutation::Remove(at_kind(run(), CELL, "blocker", "unblock")),
        name,
    );
    let ticks = observed(run(), &properties(), "ticks-during-spawn-blocking");
    assert!(ticks.ends_with("tick(s)"), "{ticks}");
}

#[test]
fn a_different_current_thread_round_is_caught() {
    const CELL: &str = "determinism";
    let name = "current-thread-interleaving-same-every-round";
    let second = find_all(run(), CELL, |e| {
        e.kind == "round" && e.value.starts_with("current_thread")
    })[1];
    let step = find_all(run(), CELL, |e| e.kind == "step")
        .into_iter()
        .find(|i| *i > second)
        .expect("the second round has steps");
    run().caught(Mutation::SetValue(step, "zz".into()), name);
    // A single round shows no determinism.
    let rounds = find_all(run(), CELL, |e| {
        e.kind == "round" && e.value.starts_with("current_thread")
    });
    let m = Mutation::All(
        rounds[1..]
            .iter()
            .rev()
            .map(|i| Mutation::SetValue(*i, "multi_thread 99".into()))
            .collect(),
    );
    run().caught(m, name);
    observed(run(), &properties(), "multi-thread-distinct-orders");
}

mod echo_server {
    use super::*;
    const CELL: &str = "echo-server";

    fn echo_of(client: &str) -> usize {
        find(run(), CELL, |e| {
            e.kind == "echo" && e.value == format!("hello from {client}")
        })
    }

    #[test]
    fn crossed_lost_or_invented_echoes_are_caught() {
        let (a, b) = (
            find(run(), CELL, |e| e.kind == "recv" && e.actor == "client-1"),
            find(run(), CELL, |e| e.kind == "recv" && e.actor == "client-2"),
        );
        let crossed = Mutation::All(vec![
            Mutation::SetValue(a, "hello from client-2".into()),
            Mutation::SetValue(b, "hello from client-1".into()),
        ]);
        run().caught(crossed, "every-client-gets-its-own-line-back");
        let r = find(run(), CELL, |e| e.kind == "recv" && e.actor == "client-0");
        run().caught(
            Mutation::MoveBefore(r, echo_of("client-0")),
            "echo-before-the-client-receives",
        );
        run().caught(
            Mutation::SetValue(echo_of("client-1"), "hello from nobody".into()),
            "server-echoes-only-what-was-sent",
        );
        run().caught(Mutation::Remove(r), "no-echo-lost-or-duplicated");
    }

    #[test]
    fn a_server_that_swallowed_garbage_or_stopped_early_is_caught() {
        let stopped = at_kind(run(), CELL, "server", "stopped");
        run().caught(
            Mutation::Remove(find(run(), CELL, |e| e.kind == "reject")),
            "garbage-and-partial-lines-rejected",
        );
        run().caught(
            Mutation::MoveAfter(find(run(), CELL, |e| e.kind == "exit"), stopped),
            "every-connection-ends-before-the-server-stops",
        );
        run().caught(
            Mutation::MoveBefore(stopped, at_kind(run(), CELL, "main", "shutdown")),
            "server-stops-after-shutdown-is-asked",
        );
        run().caught(Mutation::Duplicate(stopped), "server-stops-once");
    }
}

#[test]
fn every_property_has_a_kebab_case_name_unique_in_its_cell() {
    let mut seen = std::collections::BTreeSet::new();
    for p in properties() {
        assert!(
            p.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            p.name
        );
        assert!(p.cell.is_some(), "{} is about a cell", p.name);
        // Unique in its cell: `printed-lines` is one name in every cell, as in the other lessons.
        assert!(
            seen.insert((p.cell.clone(), p.name.clone())),
            "{} twice in {:?}",
            p.name,
            p.cell
        );
    }
}
