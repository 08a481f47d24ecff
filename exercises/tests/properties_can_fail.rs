//! Every property an exercise states here, fed a trace that breaks it, fails: a check that
//! cannot fail would pass any program (SPEC section 4). The properties an exercise takes
//! from its lesson are the lesson's, tested in the lesson's crate.

use exercises::{EXERCISES, find};
use interleaving::{Trace, check};

/// One step of a trace: actor, kind, value.
type Step = (&'static str, &'static str, String);

/// `(exercise, property, a trace of its cell that breaks it)`.
fn breaking() -> Vec<(&'static str, &'static str, Vec<Step>)> {
    let s = |a: &'static str, k: &'static str, v: &str| (a, k, v.to_owned());
    vec![
        (
            "lost-update",
            "counter-is-exact",
            vec![s("main", "count", "expected=20000 got=19999")],
        ),
        (
            "lost-update",
            "counter-is-exact",
            vec![s("main", "print", "counter = 20000")],
        ),
        (
            "torn-output",
            "lines-are-whole",
            vec![
                s("square", "write", "Square: "),
                s("cube", "write", "Cube: "),
                s("square", "write", "1\n"),
                s("cube", "write", "1\n"),
            ],
        ),
        (
            "torn-output",
            "square-lines-in-order",
            vec![s("square", "print", "Square: 4")],
        ),
        (
            "torn-output",
            "cube-lines-in-order",
            vec![s("cube", "print", "Cube: 8")],
        ),
        (
            "lock-order",
            "both-transfers-done",
            vec![s("a-to-b", "transfer", "a-to-b")],
        ),
        (
            "lock-order",
            "money-kept",
            vec![s("main", "print", "a=90 b=100")],
        ),
        (
            "condition-if",
            "never-takes-from-empty",
            vec![s("consumer-1", "empty", "woke up")],
        ),
        (
            "condition-if",
            "every-item-taken-once",
            vec![s("consumer-1", "got", "0"), s("consumer-2", "got", "0")],
        ),
        (
            "set-then-clear",
            "every-waiter-wakes",
            vec![
                s("main", "set", "then clear"),
                s("waiter-1", "woke", "wait returned"),
            ],
        ),
        (
            "shared-memory",
            "parent-sees-the-childrens-results",
            vec![s("main", "print", "sum of squares = 0")],
        ),
        (
            "zombies",
            "no-child-left-a-zombie",
            vec![
                s("main", "child-state", "child-1 reaped"),
                s(
                    "main",
                    "child-state",
                    "child-2 zombie (/proc/42/stat says Z)",
                ),
                s("main", "child-state", "child-3 reaped"),
            ],
        ),
        (
            "spawn-pitfall",
            "every-child-finds-its-task",
            vec![s(
                "child-1",
                "error",
                "can't find task 'show_square' in this binary",
            )],
        ),
        (
            "spawn-pitfall",
            "every-child-exits-0",
            vec![
                s("main", "print", "child-1 exitcode=0"),
                s("main", "print", "child-2 exitcode=2"),
                s("main", "print", "child-3 exitcode=0"),
            ],
        ),
        (
            "two-lanes",
            "linearizable",
            vec![
                s("producer-1", "call", "put 1:0"),
                s("producer-1", "ret", "put ok"),
                s("producer-2", "call", "put 2:0"),
                s("producer-2", "ret", "put ok"),
                s("consumer-2", "call", "get_nowait"),
                s("consumer-2", "ret", "get_nowait 2:0"),
                s("consumer-1", "call", "get_nowait"),
                s("consumer-1", "ret", "get_nowait 1:0"),
            ],
        ),
        (
            "two-lanes",
            "nothing-lost-nothing-twice",
            vec![
                s("producer-1", "put", "1:0"),
                s("consumer-1", "get", "1:0"),
                s("consumer-2", "get", "1:0"),
            ],
        ),
        (
            "never-primed",
            "prints-cool-utkarsh-cool-gupta-done",
            vec![
                s("fancy_name", "print", "Cool:Gupta"),
                s("fancy_name", "print", "Done"),
            ],
        ),
        (
            "generator-exit",
            "prints-cool-utkarsh-cool-gupta-done",
            vec![
                s("fancy_name", "print", "Cool:Utkarsh"),
                s("fancy_name", "print", "Cool:Gupta"),
            ],
        ),
        (
            "generator-exit",
            "close-returns-cleanly",
            vec![s(
                "repl",
                "closed",
                "RuntimeError: generator ignored GeneratorExit",
            )],
        ),
        (
            "forgotten-await",
            "every-greeting-printed",
            vec![s("main", "print", "greetings done")],
        ),
        (
            "forgotten-await",
            "greetings-before-main-is-done",
            vec![
                s("greeter-Ada", "print", "Hello, Ada"),
                s("main", "print", "greetings done"),
                s("greeter-Grace", "print", "Hello, Grace"),
            ],
        ),
        (
            "blocking-in-async",
            "every-sleep-began-before-any-woke",
            vec![
                s("task-1", "sleep", "100"),
                s("task-1", "wake", ""),
                s("task-2", "sleep", "100"),
                s("task-2", "wake", ""),
            ],
        ),
        (
            "blocking-in-async",
            "all-together-take-one-sleep",
            vec![s("main", "elapsed", "ms=400")],
        ),
        (
            "blocking-in-async",
            "all-together-take-one-sleep",
            vec![s("main", "print", "done")],
        ),
        (
            "too-many-at-once",
            "at-most-limit-inside",
            vec![
                s("fetch-1", "enter", "server"),
                s("fetch-2", "enter", "server"),
                s("fetch-3", "enter", "server"),
                s("fetch-4", "enter", "server"),
            ],
        ),
        (
            "too-many-at-once",
            "every-task-served",
            vec![s("fetch-1", "leave", "server")],
        ),
        (
            "ignored-task-error",
            "main-reports-the-childs-error",
            vec![s("main", "print", "all checked")],
        ),
        (
            "ignored-task-error",
            "no-all-clear-after-a-failure",
            vec![
                s("main", "error", "ValueError: bad input 2"),
                s("main", "print", "all checked"),
            ],
        ),
        (
            "ack-before-work",
            "a-worker-was-killed-mid-item",
            ["0", "1", "2", "3"]
                .iter()
                .map(|i| s("worker-1", "stored", i))
                .collect(),
        ),
        (
            "ack-before-work",
            "every-items-effect-exactly-once",
            vec![
                s("worker-1", "killed", "storing the result"),
                s("worker-2", "stored", "1"),
                s("worker-2", "stored", "2"),
                s("worker-2", "stored", "3"),
            ],
        ),
        (
            "non-idempotent-sink",
            "a-worker-was-killed-mid-item",
            vec![s("worker-1", "killed", "x"), s("worker-1", "killed", "y")],
        ),
        (
            "non-idempotent-sink",
            "every-items-effect-exactly-once",
            ["0", "0", "1", "2", "3"]
                .iter()
                .map(|i| s("worker-2", "effect", i))
                .collect(),
        ),
    ]
}

#[test]
fn every_exercise_property_fails_on_a_trace_that_breaks_it() {
    for (exercise, property, steps) in breaking() {
        let e = find(exercise).expect("a listed exercise");
        let props: Vec<_> = (e.properties)(e.name)
            .into_iter()
            .filter(|p| p.name == property)
            .collect();
        assert_eq!(props.len(), 1, "{exercise} has one property {property}");
        let trace = Trace::from_steps(
            [("lesson", "cell", exercise.to_owned())]
                .into_iter()
                .chain(steps.iter().map(|(a, k, v)| (*a, *k, v.clone()))),
        );
        let report = check(&trace, &props);
        assert!(
            !report.is_ok(),
            "{exercise}'s {property} held on a trace that breaks it:\n{report}"
        );
    }
}

/// The lesson's own properties an exercise reuses are tested in the lesson's crate; every
/// other property of an exercise has a breaking trace above.
#[test]
fn every_property_of_its_own_has_a_breaking_trace() {
    let table = breaking();
    for e in EXERCISES {
        let lesson: Vec<String> = match e.lesson {
            "multiprocessing" => multiprocessing::properties::properties(),
            "producer-consumer" => producer_consumer::properties::properties(),
            _ => vec![],
        }
        .into_iter()
        .map(|p| p.name)
        .collect();
        for p in (e.properties)(e.name) {
            let covered = table.iter().any(|(x, q, _)| *x == e.name && *q == p.name);
            assert!(
                covered || lesson.contains(&p.name),
                "{}'s property {} has no trace that breaks it",
                e.name,
                p.name
            );
        }
    }
}
