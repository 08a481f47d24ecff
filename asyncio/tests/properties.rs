//! Each property of the lesson against a small trace where it holds and one where it is
//! broken: a check that cannot fail would be a defect (SPEC section 4).

use std::collections::BTreeMap;

use asyncio::properties::properties;
use interleaving::{Event, Outcome, Trace, check};

/// A trace under construction: events of one cell, each actor's `seq` counted for it.
struct T {
    seqs: BTreeMap<String, u64>,
    events: Vec<Event>,
}

impl T {
    fn cell(name: &str) -> T {
        let mut t = T {
            seqs: BTreeMap::new(),
            events: Vec::new(),
        };
        t.ev("lesson", "cell", name);
        t
    }

    fn ev(&mut self, actor: &str, kind: &str, value: &str) -> &mut Self {
        let seq = self.seqs.entry(actor.to_owned()).or_default();
        self.events.push(Event::new(*seq, 0, 1, actor, kind, value));
        *seq += 1;
        self
    }

    fn print(&mut self, actor: &str, line: &str) -> &mut Self {
        self.ev(actor, "print", line)
    }

    fn trace(&self) -> Trace {
        Trace::from_events(self.events.clone())
    }
}

fn outcome(t: &T, property: &str) -> Outcome {
    let props: Vec<_> = properties()
        .into_iter()
        .filter(|p| p.name == property)
        .collect();
    assert_eq!(props.len(), 1, "no property named {property}");
    check(&t.trace(), &props).verdicts.remove(0).outcome
}

fn holds(t: &T, property: &str) {
    let o = outcome(t, property);
    assert!(
        matches!(o, Outcome::Held | Outcome::Observed(_)),
        "{property} should hold: {o:?}"
    );
}

fn broken(t: &T, property: &str) {
    let o = outcome(t, property);
    assert!(
        matches!(o, Outcome::Violated(_)),
        "{property} should be violated: {o:?}"
    );
}

fn observed(t: &T, property: &str) -> String {
    match outcome(t, property) {
        Outcome::Observed(s) => s,
        o => panic!("{property} should be an observation: {o:?}"),
    }
}

const CT_TRUE: &str = "current_thread runtime: the spawned task ran on the main thread: true";
const MT_WORKER: &str = "multi_thread runtime: the spawned task ran on thread \"asyncio-worker\"";

fn lazy_good() -> T {
    let mut t = T::cell("lazy-coroutines");
    t.print("main", "called greet(): nothing has run yet")
        .ev("main", "await", "greet")
        .print("coroutine", "Hello, asyncio")
        .print("main", CT_TRUE)
        .print("main", MT_WORKER);
    t
}

#[test]
fn lazy_coroutine_properties_hold_on_a_good_trace() {
    let t = lazy_good();
    for p in [
        "coroutine-body-runs-only-when-awaited",
        "coroutine-body-runs-once",
        "unawaited-coroutine-never-runs",
        "current-thread-task-runs-on-the-calling-thread",
        "multi-thread-task-runs-on-a-worker",
        "per-task-order-in-lazy-coroutines",
    ] {
        holds(&t, p);
    }
}

#[test]
fn eager_coroutine_is_caught() {
    let mut t = T::cell("lazy-coroutines");
    t.print("coroutine", "Hello, asyncio")
        .ev("main", "await", "greet");
    broken(&t, "coroutine-body-runs-only-when-awaited");
}

#[test]
fn coroutine_run_twice_is_caught() {
    let mut t = lazy_good();
    t.print("coroutine", "Hello, asyncio");
    broken(&t, "coroutine-body-runs-once");
}

#[test]
fn unawaited_coroutine_that_ran_is_caught() {
    let mut t = lazy_good();
    t.print("never-awaited", "Hello, nobody");
    broken(&t, "unawaited-coroutine-never-runs");
}

#[test]
fn tasks_on_the_wrong_threads_are_caught() {
    let mut t = T::cell("lazy-coroutines");
    t.print(
        "main",
        "current_thread runtime: the spawned task ran on the main thread: false",
    )
    .print(
        "main",
        "multi_thread runtime: the spawned task ran on thread \"main\"",
    );
    broken(&t, "current-thread-task-runs-on-the-calling-thread");
    broken(&t, "multi-thread-task-runs-on-a-worker");
}

#[test]
fn a_reordered_seq_is_caught() {
    let mut t = lazy_good();
    t.events
        .push(Event::new(0, 0, 1, "coroutine", "print", "again"));
    broken(&t, "per-task-order-in-lazy-coroutines");
}

/// Ten sleeps of 30 ms (N*d = 300 ms), two of whose tasks are shown.
fn sleeps(gathered_us: u64) -> T {
    let mut t = T::cell("concurrent-sleeps");
    t.ev("task-0", "sleep", "task-0")
        .ev("task-1", "sleep", "task-1")
        .ev("task-0", "wake", "task-0")
        .ev("task-1", "wake", "task-1")
        .ev("main", "elapsed", "sequential=305000")
        .ev("main", "elapsed", &format!("gathered={gathered_us}"))
        .ev("main", "elapsed", "n*d=300000");
    t
}

#[test]
fn concurrent_sleeps_hold_when_gathered_is_about_d() {
    let t = sleeps(30_500);
    holds(&t, "every-sleep-starts-before-any-wakes");
    holds(&t, "every-task-wakes-once");
    holds(&t, "gathered-sleeps-take-well-under-n-times-d");
    assert_eq!(
        observed(&t, "sequential-vs-gathered"),
        "sequential 305.0 ms, gathered 30.5 ms (10.0x)"
    );
}

#[test]
fn sleeps_that_did_not_overlap_are_caught() {
    broken(
        &sleeps(150_000),
        "gathered-sleeps-take-well-under-n-times-d",
    );
    broken(
        &sleeps(305_000),
        "gathered-sleeps-take-well-under-n-times-d",
    );
    let mut missing = T::cell("concurrent-sleeps");
    missing.ev("main", "elapsed", "gathered=1");
    broken(&missing, "gathered-sleeps-take-well-under-n-times-d");
}

#[test]
fn a_wake_before_another_sleep_began_is_caught() {
    let mut t = T::cell("concurrent-sleeps");
    t.ev("task-0", "sleep", "task-0")
        .ev("task-0", "wake", "task-0")
        .ev("task-1", "sleep", "task-1")
        .ev("task-1", "wake", "task-1");
    broken(&t, "every-sleep-starts-before-any-wakes");
}

#[test]
fn a_task_that_never_woke_is_caught() {
    let mut t = T::cell("concurrent-sleeps");
    t.ev("task-0", "sleep", "task-0")
        .ev("task-1", "sleep", "task-1")
        .ev("task-0", "wake", "task-0");
    broken(&t, "every-task-wakes-once");
}

fn semaphore(steps: &[(&str, &str)]) -> T {
    let mut t = T::cell("semaphore");
    t.ev("main", "permits", "2");
    for w in ["worker-0", "worker-1", "worker-2"] {
        t.ev("main", "spawn", w);
    }
    for (w, kind) in steps {
        t.ev(w, kind, w);
    }
    t
}

#[test]
fn semaphore_properties_hold_with_k_inside_at_most() {
    let t = semaphore(&[
        ("worker-0", "enter"),
        ("worker-1", "enter"),
        ("worker-0", "leave"),
        ("worker-2", "enter"),
        ("worker-1", "leave"),
        ("worker-2", "leave"),
    ]);
    holds(&t, "never-more-than-k-inside");
    holds(&t, "every-worker-enters-once");
    holds(&t, "every-worker-leaves-once");
    assert_eq!(observed(&t, "most-inside-at-once"), "2");
}

#[test]
fn k_plus_one_inside_is_caught() {
    let t = semaphore(&[
        ("worker-0", "enter"),
        ("worker-1", "enter"),
        ("worker-2", "enter"),
        ("worker-0", "leave"),
        ("worker-1", "leave"),
        ("worker-2", "leave"),
    ]);
    broken(&t, "never-more-than-k-inside");
}

#[test]
fn a_worker_that_never_entered_or_never_left_is_caught() {
    let t = semaphore(&[
        ("worker-0", "enter"),
        ("worker-1", "enter"),
        ("worker-0", "leave"),
    ]);
    broken(&t, "every-worker-enters-once");
    broken(&t, "every-worker-leaves-once");
}

#[test]
fn a_semaphore_trace_without_its_permits_is_caught() {
    let mut t = T::cell("semaphore");
    t.ev("worker-0", "enter", "worker-0")
        .ev("worker-0", "leave", "worker-0");
    broken(&t, "never-more-than-k-inside");
}

#[test]
fn a_lost_or_repeated_line_is_caught_in_every_cell() {
    for cell in asyncio::properties::CELLS {
        let name = format!("per-task-order-in-{cell}");
        let mut t = T::cell(cell);
        t.ev("task-1", "step", "a").ev("task-1", "step", "b");
        holds(&t, &name);
        t.events.push(Event::new(1, 0, 1, "task-1", "step", "b"));
        broken(&t, &name);
    }
}

#[test]
fn a_queue_without_backpressure_is_caught() {
    let mut t = T::cell("queue");
    t.ev("main", "capacity", "1");
    // Capacity 1, one producer: at most 1 + 1 + 1 = 3 put and not yet got.
    for i in 0..4 {
        t.ev("producer-0", "put", &format!("p0-{i}"));
    }
    broken(&t, "backpressure-bounds-items-in-flight");
}

fn blocking(tick_inside: bool) -> T {
    let mut t = T::cell("blocking-trap");
    t.ev("ticker-trap", "tick", "")
        .ev("blocker", "block", "std::thread::sleep");
    if tick_inside {
        t.ev("ticker-trap", "tick", "");
    }
    t.ev("blocker", "unblock", "")
        .ev("ticker-trap", "tick", "")
        .ev("ticker-fixed", "tick", "")
        .ev("to-thread", "block", "spawn_blocking")
        .ev("ticker-fixed", "tick", "")
        .ev("to-thread", "unblock", "");
    t
}

#[test]
fn a_frozen_ticker_holds_and_a_tick_while_blocked_is_caught() {
    holds(&blocking(false), "blocking-call-freezes-the-ticker");
    assert_eq!(
        observed(&blocking(false), "ticks-during-spawn-blocking"),
        "1 tick(s)"
    );
    broken(&blocking(true), "blocking-call-freezes-the-ticker");
    let mut never_unblocked = T::cell("blocking-trap");
    never_unblocked.ev("blocker", "block", "");
    broken(&never_unblocked, "blocking-call-freezes-the-ticker");
}

fn rounds(orders: &[&[&str]]) -> T {
    let mut t = T::cell("determinism");
    for (r, order) in orders.iter().enumerate() {
        t.ev("main", "round", &format!("current_thread {r}"));
        for step in order.iter() {
            let actor = format!("task-{}", &step[..1]);
            t.ev(&actor, "step", step);
        }
    }
    t.ev("main", "round", "multi_thread 0")
        .ev("task-b", "step", "b0")
        .ev("task-a", "step", "a0")
        .ev("main", "round", "multi_thread 1")
        .ev("task-a", "step", "a0")
        .ev("task-b", "step", "b0");
    t
}

#[test]
fn the_same_order_every_round_holds_and_a_different_one_is_caught() {
    let same = rounds(&[&["a0", "b0"], &["a0", "b0"], &["a0", "b0"]]);
    holds(&same, "current-thread-interleaving-same-every-round");
    assert_eq!(
        observed(&same, "multi-thread-distinct-orders"),
        "2 in 2 rounds"
    );
    broken(
        &rounds(&[&["a0", "b0"], &["b0", "a0"]]),
        "current-thread-interleaving-same-every-round",
    );
    broken(
        &rounds(&[&["a0", "b0"]]),
        "current-thread-interleaving-same-every-round",
    );
}

fn server_good() -> T {
    let mut t = T::cell("echo-server");
    t.ev("server", "listen", "127.0.0.1")
        .ev("server", "accept", "conn-1")
        .ev("server", "accept", "conn-2")
        .ev("client-0", "send", "hello from client-0")
        .ev("client-1", "send", "hello from client-1")
        .ev("conn-2", "echo", "hello from client-1")
        .ev("conn-1", "echo", "hello from client-0")
        .ev("client-1", "recv", "hello from client-1")
        .ev("client-0", "recv", "hello from client-0")
        .ev("server", "accept", "conn-3")
        .ev("conn-3", "reject", "garbage (not UTF-8)")
        .ev("conn-3", "exit", "rejected")
        .ev("server", "accept", "conn-4")
        .ev("conn-4", "reject", "client left mid-line")
        .ev("conn-4", "exit", "rejected")
        .ev("conn-1", "exit", "client closed")
        .ev("conn-2", "exit", "client closed")
        .ev("main", "shutdown", "clients done")
        .ev("server", "shutdown", "0 in flight")
        .ev("server", "stopped", "4 connections");
    t
}

#[test]
fn server_properties_hold_on_a_good_trace() {
    let t = server_good();
    for p in [
        "every-client-gets-its-own-line-back",
        "no-echo-lost-or-duplicated",
        "server-echoes-only-what-was-sent",
        "echo-before-the-client-receives",
        "garbage-and-partial-lines-rejected",
        "every-connection-ends-before-the-server-stops",
        "server-stops-after-shutdown-is-asked",
        "server-stops-once",
    ] {
        holds(&t, p);
    }
}

#[test]
fn crossed_lost_or_invented_echoes_are_caught() {
    let mut t = T::cell("echo-server");
    t.ev("client-0", "send", "hello from client-0")
        .ev("client-1", "send", "hello from client-1")
        .ev("conn-1", "echo", "hello from client-0")
        .ev("client-1", "recv", "hello from client-0")
        .ev("client-0", "recv", "hello from client-1")
        .ev("conn-2", "echo", "hello from nobody");
    broken(&t, "every-client-gets-its-own-line-back");
    broken(&t, "echo-before-the-client-receives");
    broken(&t, "server-echoes-only-what-was-sent");
    let mut lost = T::cell("echo-server");
    lost.ev("client-0", "send", "a")
        .ev("client-1", "send", "b")
        .ev("client-0", "recv", "a");
    broken(&lost, "no-echo-lost-or-duplicated");
    broken(&lost, "every-client-gets-its-own-line-back");
}

#[test]
fn a_server_that_swallowed_garbage_or_stopped_early_is_caught() {
    let mut t = T::cell("echo-server");
    t.ev("server", "accept", "conn-1")
        .ev("server", "accept", "conn-2")
        .ev("server", "stopped", "2 connections")
        .ev("main", "shutdown", "clients done")
        .ev("conn-1", "exit", "client closed")
        .ev("server", "stopped", "2 connections");
    broken(&t, "garbage-and-partial-lines-rejected");
    broken(&t, "every-connection-ends-before-the-server-stops");
    broken(&t, "server-stops-after-shutdown-is-asked");
    broken(&t, "server-stops-once");
    let mut left_behind = T::cell("echo-server");
    left_behind
        .ev("server", "accept", "conn-1")
        .ev("server", "stopped", "1 connections");
    broken(
        &left_behind,
        "every-connection-ends-before-the-server-stops",
    );
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
        assert!(seen.insert(p.name.clone()), "{} twice", p.name);
    }
}
