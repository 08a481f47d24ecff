//! Every asserted property of the lesson, fed a trace where it holds and one built to break
//! it: a check that cannot fail is a defect (SPEC section 4).

use std::collections::BTreeMap;

use interleaving::{Event, Outcome, Trace, check};
use multiprocessing::cells::fork_with_threads::{HELD_AT_FORK, STDOUT_FREE};
use multiprocessing::properties::properties;

/// Builds a trace with each actor's `seq` counted for it.
#[derive(Default)]
struct Builder {
    events: Vec<Event>,
    seq: BTreeMap<(String, u32), u64>,
}

impl Builder {
    fn ev(&mut self, pid: u32, actor: &str, kind: &str, value: &str) -> &mut Self {
        let seq = self.seq.entry((actor.to_owned(), pid)).or_default();
        let t = self.events.len() as u64;
        self.events
            .push(Event::new(*seq, t, pid, actor, kind, value));
        *seq += 1;
        self
    }
    fn cell(&mut self, name: &str) -> &mut Self {
        self.ev(1, "lesson", "cell", name);
        // Every cell opens with its knobs: the default run's.
        self.ev(1, "lesson", "knob", "children=5 work_ms=0 items=5");
        // A fresh `main` actor per cell, as the cells create one each.
        self.seq.retain(|(a, _), _| a == "lesson");
        self
    }
}

/// A run of the default lesson in which everything went as it should.
fn good() -> Vec<Event> {
    let mut b = Builder::default();
    // Fork, with "Hello" after two squares; then with join.
    for (cell, base) in [("start-hello", 100), ("join-waits", 200), ("spawn", 300)] {
        b.cell(cell);
        for n in 1..=5u32 {
            b.ev(1, "main", "start", &format!("child-{n}"));
        }
        if cell != "join-waits" {
            // Hello after two squares.
            b.ev(base + 1, "child-1", "print", "1");
            b.ev(base + 2, "child-2", "print", "4");
            b.ev(1, "main", "print", "Hello");
            for n in 3..=5u32 {
                b.ev(
                    base + n,
                    &format!("child-{n}"),
                    "print",
                    &(n * n).to_string(),
                );
            }
        } else {
            for n in 1..=5u32 {
                b.ev(
                    base + n,
                    &format!("child-{n}"),
                    "print",
                    &(n * n).to_string(),
                );
            }
        }
        if cell != "start-hello" {
            for n in 1..=5u32 {
                b.ev(1, "main", "join", &format!("child-{n}"));
            }
            b.ev(1, "main", "print", "Hello World");
            b.ev(1, "main", "measure", "fork_start_join_us=1500");
        }
    }
    b.cell("spawn-pitfall")
        .ev(
            401,
            "child-3",
            "error",
            "can't find task 'notebook::showSquare' in this binary",
        )
        .ev(1, "main", "print", "unregistered task: exitcode=1")
        .ev(402, "child-3", "print", "9")
        .ev(1, "main", "print", "registered task: exitcode=0");
    b.cell("exit-codes");
    for line in [
        "returns: exitcode=0",
        "panics: exitcode=1",
        "exits-8: exitcode=8",
        "terminated: exitcode=-15",
        "killed: exitcode=-9",
    ] {
        b.ev(1, "main", "print", line);
    }
    b.cell("separate-memory")
        .ev(
            501,
            "child",
            "print",
            "child after append: data = [1, 2, 3, 4]",
        )
        .ev(1, "main", "print", "parent after join: data = [1, 2, 3]");
    b.cell("fork-buffer-trap")
        .ev(
            601,
            "trap-child",
            "write",
            "trap: printed once, before fork\ntrap: the child's own line\n",
        )
        .ev(
            1,
            "main",
            "write",
            "trap: printed once, before fork\ntrap: the parent's own line\n",
        )
        .ev(1, "main", "write", "fix: printed once, before fork\n")
        .ev(602, "fix-child", "write", "fix: the child's own line\n")
        .ev(1, "main", "write", "fix: the parent's own line\n");
    // Fork with threads: the lock held across the fork, then stdout's lock waited for.
    b.cell("fork-with-threads")
        .ev(1, "logger", "acquire", "log")
        .ev(901, "pitfall-child", "print", HELD_AT_FORK)
        .ev(1, "main", "start", "pitfall-child")
        .ev(1, "logger", "release", "log")
        .ev(1, "main", "print", "pitfall-child: exitcode=0")
        .ev(1, "holder", "acquire", "stdout")
        .ev(1, "main", "start", "fix-child")
        .ev(1, "holder", "release", "stdout")
        .ev(902, "fix-child", "print", STDOUT_FREE)
        .ev(1, "main", "print", "fix-child: exitcode=0");
    b.cell("pool-map");
    for (pid, i) in [(702, 1), (702, 2), (702, 3), (702, 4), (701, 0)] {
        b.ev(pid, &format!("item-{i}"), "done", &i.to_string());
    }
    b.ev(
        1,
        "main",
        "print",
        "map(count_primes, [4, 1, 1, 1, 1]) = [2, 0, 0, 0, 0]",
    )
    .ev(
        1,
        "main",
        "print",
        "same results, same order as sequential: true",
    )
    .ev(1, "main", "measure", "sequential_us=2000")
    .ev(1, "main", "measure", "pool_us=1000");
    b.cell("queue");
    for i in 0..5 {
        let v = i.to_string();
        b.ev(801, "producer", "put", &v)
            .ev(801, "producer", "print", &format!("Published {i}"))
            .ev(802, "consumer", "get", &v)
            .ev(802, "consumer", "print", &format!("Consumed {i}"));
    }
    b.ev(802, "consumer", "print", "Consumer done").ev(
        1,
        "main",
        "print",
        "producer exitcode=0, consumer exitcode=0",
    );
    b.events
}

/// The index of the first event of `cell` that `pick` accepts.
fn find(events: &[Event], cell: &str, pick: impl Fn(&Event) -> bool) -> usize {
    let start = events
        .iter()
        .position(|e| e.kind == "cell" && e.value == cell)
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let end = events[start + 1..]
        .iter()
        .position(|e| e.kind == "cell")
        .map_or(events.len(), |k| start + 1 + k);
    (start + 1..end)
        .find(|&i| pick(&events[i]))
        .unwrap_or_else(|| panic!("nothing to mutate in {cell}"))
}

fn is(actor: &'static str, value: &'static str) -> impl Fn(&Event) -> bool {
    move |e| e.actor == actor && e.value == value
}

type Mutation = Box<dyn Fn(&mut Vec<Event>)>;

fn duplicate(cell: &'static str, p: impl Fn(&Event) -> bool + 'static) -> Mutation {
    Box::new(move |ev| {
        let i = find(ev, cell, &p);
        let copy = ev[i].clone();
        ev.insert(i + 1, copy);
    })
}
fn remove(cell: &'static str, p: impl Fn(&Event) -> bool + 'static) -> Mutation {
    Box::new(move |ev| {
        let i = find(ev, cell, &p);
        ev.remove(i);
    })
}
fn to_cell_start(cell: &'static str, p: impl Fn(&Event) -> bool + 'static) -> Mutation {
    Box::new(move |ev| {
        let i = find(ev, cell, &p);
        let e = ev.remove(i);
        let start = find(ev, cell, |_| true);
        ev.insert(start, e);
    })
}
fn set_value(
    cell: &'static str,
    p: impl Fn(&Event) -> bool + 'static,
    v: &'static str,
) -> Mutation {
    Box::new(move |ev| {
        let i = find(ev, cell, &p);
        ev[i].value = v.into();
    })
}
fn set_pid(cell: &'static str, p: impl Fn(&Event) -> bool + 'static, pid: u32) -> Mutation {
    Box::new(move |ev| {
        let i = find(ev, cell, &p);
        ev[i].pid = pid;
    })
}

/// (property, cell, a mutation of the good trace that must break it).
fn breakers() -> Vec<(&'static str, &'static str, Mutation)> {
    let mut v: Vec<(&'static str, &'static str, Mutation)> = Vec::new();
    for cell in multiprocessing::cells::LESSON.cells {
        let name: &'static str =
            Box::leak(format!("per-actor-order-in-{}", cell.name).into_boxed_str());
        v.push((name, cell.name, duplicate(cell.name, |e| e.actor == "main")));
    }
    for cell in ["start-hello", "join-waits", "spawn"] {
        v.push((
            "each-square-printed-once",
            cell,
            remove(cell, is("child-3", "9")),
        ));
        v.push((
            "children-are-distinct-processes",
            cell,
            set_pid(cell, is("child-2", "4"), cell_base(cell)),
        ));
        v.push((
            "children-are-not-the-parent",
            cell,
            set_pid(cell, is("child-1", "1"), 1),
        ));
    }
    for cell in ["start-hello", "spawn"] {
        v.push((
            "hello-printed-once",
            cell,
            duplicate(cell, is("main", "Hello")),
        ));
    }
    for cell in ["join-waits", "spawn"] {
        v.push((
            "hello-world-after-every-child",
            cell,
            to_cell_start(cell, is("main", "Hello World")),
        ));
        v.push((
            "hello-world-printed-once",
            cell,
            duplicate(cell, is("main", "Hello World")),
        ));
    }
    let c = "spawn-pitfall";
    v.push((
        "unregistered-task-exits-1-registered-exits-0",
        c,
        set_value(
            c,
            is("main", "unregistered task: exitcode=1"),
            "unregistered task: exitcode=0",
        ),
    ));
    v.push((
        "child-says-it-cannot-find-the-task",
        c,
        remove(c, |e| e.kind == "error"),
    ));
    v.push((
        "only-the-registered-task-prints",
        c,
        duplicate(c, is("child-3", "9")),
    ));
    let c = "exit-codes";
    v.push((
        "exit-codes-as-python-reports-them",
        c,
        set_value(
            c,
            is("main", "terminated: exitcode=-15"),
            "terminated: exitcode=0",
        ),
    ));
    let c = "separate-memory";
    v.push((
        "child-sees-its-own-append",
        c,
        set_value(
            c,
            |e| e.actor == "child",
            "child after append: data = [1, 2, 3]",
        ),
    ));
    v.push((
        "parent-copy-unchanged",
        c,
        set_value(
            c,
            |e| e.actor == "main",
            "parent after join: data = [1, 2, 3, 4]",
        ),
    ));
    v.push((
        "child-runs-in-another-process",
        c,
        set_pid(c, |e| e.actor == "child", 1),
    ));
    let c = "fork-buffer-trap";
    v.push((
        "unflushed-line-comes-out-twice",
        c,
        set_value(
            c,
            |e| e.actor == "trap-child",
            "trap: the child's own line\n",
        ),
    ));
    v.push((
        "unflushed-copies-from-two-processes",
        c,
        set_pid(c, |e| e.actor == "trap-child", 1),
    ));
    v.push((
        "flushed-line-comes-out-once",
        c,
        set_value(
            c,
            |e| e.actor == "fix-child",
            "fix: printed once, before fork\nfix: the child's own line\n",
        ),
    ));
    let c = "pool-map";
    v.push((
        "pool-map-keeps-input-order",
        c,
        set_value(
            c,
            |e| e.value.ends_with("true"),
            "same results, same order as sequential: false",
        ),
    ));
    v.push((
        "every-item-done-once",
        c,
        remove(c, |e| e.kind == "done" && e.value == "3"),
    ));
    v.push((
        "pool-work-in-worker-processes",
        c,
        set_pid(c, |e| e.kind == "done", 1),
    ));
    let c = "queue";
    v.push((
        "published-0-to-n",
        c,
        remove(c, |e| e.kind == "put" && e.value == "4"),
    ));
    v.push((
        "consumed-equals-published-in-order",
        c,
        set_value(c, |e| e.kind == "get" && e.value == "1", "2"),
    ));
    v.push((
        "nothing-lost-nothing-duplicated",
        c,
        remove(c, |e| e.kind == "get" && e.value == "2"),
    ));
    v.push((
        "every-get-after-its-put",
        c,
        to_cell_start(c, |e| e.kind == "get" && e.value == "0"),
    ));
    v.push((
        "consumer-ends-cleanly",
        c,
        to_cell_start(c, |e| e.actor == "main"),
    ));
    v.push((
        "consumer-says-done-last",
        c,
        to_cell_start(c, is("consumer", "Consumer done")),
    ));
    // The fork-with-threads cell (more cases in tests/fork_with_threads.rs).
    let c = "fork-with-threads";
    for (property, mutation) in [
        (
            "child-finds-the-lock-held-at-fork",
            set_value(
                c,
                is("pitfall-child", HELD_AT_FORK),
                "the log lock was free",
            ),
        ),
        (
            "lock-held-before-the-fork",
            to_cell_start(c, is("main", "pitfall-child")),
        ),
        (
            "lock-released-after-the-child-reported",
            to_cell_start(c, |e| e.actor == "logger" && e.kind == "release"),
        ),
        (
            "fork-waits-for-the-lock-the-child-needs",
            to_cell_start(c, is("fix-child", STDOUT_FREE)),
        ),
        (
            "fixed-child-takes-stdout-once",
            duplicate(c, is("fix-child", STDOUT_FREE)),
        ),
        (
            "both-children-exit-0",
            set_value(
                c,
                is("main", "fix-child: exitcode=0"),
                "fix-child: exitcode=-9",
            ),
        ),
    ] {
        v.push((property, c, mutation));
    }
    v
}

fn cell_base(cell: &str) -> u32 {
    match cell {
        "start-hello" => 101,
        "join-waits" => 201,
        _ => 301,
    }
}

fn outcome(trace: &[Event], property: &str, cell: &str) -> Outcome {
    let report = check(&Trace::from_events(trace.to_vec()), &properties());
    report
        .verdicts
        .into_iter()
        .find(|v| v.property == property && v.cell.as_deref() == Some(cell))
        .unwrap_or_else(|| panic!("no property {property} in cell {cell}"))
        .outcome
}

#[test]
fn every_property_holds_on_a_good_run() {
    let report = check(&Trace::from_events(good()), &properties());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0, "{report}");
}

#[test]
fn every_asserted_property_catches_its_violation() {
    for (property, cell, mutate) in breakers() {
        let mut trace = good();
        mutate(&mut trace);
        match outcome(&trace, property, cell) {
            Outcome::Violated(v) => assert!(!v.lines.is_empty() || !v.got.is_empty(), "{v}"),
            other => panic!("{property} [{cell}] should be violated, got {other:?}"),
        }
    }
}

#[test]
fn every_asserted_property_has_a_breaker() {
    let report = check(&Trace::from_events(good()), &properties());
    let covered: Vec<(String, String)> = breakers()
        .into_iter()
        .map(|(p, c, _)| (p.to_owned(), c.to_owned()))
        .collect();
    for v in report.verdicts {
        if matches!(v.outcome, Outcome::Held) {
            let key = (v.property.clone(), v.cell.clone().unwrap_or_default());
            assert!(covered.contains(&key), "no violating trace for {key:?}");
        }
    }
}

#[test]
fn a_missing_cell_is_reported_not_run() {
    let mut trace = good();
    let start = trace.iter().position(|e| e.value == "queue").unwrap();
    trace.truncate(start);
    let report = check(&Trace::from_events(trace), &properties());
    assert!(
        report
            .not_run()
            .any(|v| v.property == "consumed-equals-published-in-order")
    );
}

#[test]
fn observations_record_what_varies() {
    let report = check(&Trace::from_events(good()), &properties());
    let obs: Vec<(String, String)> = report
        .observations()
        .map(|(p, o)| (p.to_owned(), o.to_owned()))
        .collect();
    let has = |p: &str, o: &str| obs.iter().any(|(a, b)| a == p && b == o);
    assert!(has("where-hello-fell", "after 2 of 5"), "{obs:?}");
    assert!(
        has("pool-completion-order", "items finished in order 1,2,3,4,0"),
        "{obs:?}"
    );
    assert!(has("pool-speedup", "2.00x"), "{obs:?}");
    assert!(has("start-join-cost", "fork_start_join_us=1500"), "{obs:?}");
}
