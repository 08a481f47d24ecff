//! Every property of the lesson against hand-made traces: one run where it holds, and for each
//! asserted property a run that breaks it and must be caught (a check that cannot fail is a
//! defect). Observations are checked to record, never to fail.

use interleaving::{Event, Outcome, Trace, check};
use threading::properties::properties;

/// A trace event before numbering: (actor, kind, value).
type Ev = (&'static str, &'static str, String);

fn ev(actor: &'static str, kind: &'static str, value: impl Into<String>) -> Ev {
    (actor, kind, value.into())
}

/// Builds a trace of one cell: the lesson's `cell` event, then `evs` with each actor's `seq`
/// numbered 0, 1, 2... in order (so `per-actor-order` holds unless a test breaks it).
fn trace(cell: &str, evs: &[Ev]) -> Trace {
    let lesson = std::iter::once(("lesson", "cell", cell.to_owned()));
    Trace::from_steps(lesson.chain(evs.iter().cloned()))
}

/// The outcome of property `name` on the trace.
fn outcome(t: &Trace, name: &str) -> Outcome {
    // The rules every trace gets first (per-actor order among them), then the lesson's own.
    let mut report = interleaving::every_trace::verdicts(t, &threading::properties::spec());
    report.extend(check(t, &properties()).verdicts);
    let report = interleaving::Report { verdicts: report };
    report
        .verdicts
        .into_iter()
        .find(|v| v.property == name)
        .unwrap_or_else(|| panic!("no property named {name}"))
        .outcome
}

/// Every property of `cell` holds (or observes) on `evs`.
fn all_hold(cell: &str, evs: &[Ev]) {
    let t = trace(cell, evs);
    let report = check(&t, &properties());
    assert!(report.is_ok(), "{report}");
    let in_cell: Vec<_> = report
        .verdicts
        .iter()
        .filter(|v| v.cell.as_deref() == Some(cell))
        .collect();
    assert!(!in_cell.is_empty(), "no property about {cell}");
    assert!(
        in_cell
            .iter()
            .all(|v| !matches!(v.outcome, Outcome::NotRun)),
        "{report}"
    );
}

/// Property `name` is caught breaking on `evs`.
fn caught(cell: &str, name: &str, evs: &[Ev]) {
    let got = outcome(&trace(cell, evs), name);
    assert!(
        matches!(got, Outcome::Violated(_)),
        "{name} was not caught: {got:?}"
    );
}

/// The observation `name` records `want` on `evs`.
fn observes(cell: &str, name: &str, evs: &[Ev], want: &str) {
    assert_eq!(
        outcome(&trace(cell, evs), name),
        Outcome::Observed(want.into())
    );
}

/// `evs` with the first event equal to `from` replaced by `to` (or removed if `to` is None).
fn edit(evs: &[Ev], from: &Ev, to: Option<Ev>) -> Vec<Ev> {
    let mut out = evs.to_vec();
    let i = out
        .iter()
        .position(|e| e == from)
        .unwrap_or_else(|| panic!("{from:?} not in trace"));
    match to {
        Some(t) => out[i] = t,
        None => {
            out.remove(i);
        }
    }
    out
}

/// `evs` with the event `what` moved to just before the event `before`.
fn move_before(evs: &[Ev], what: &Ev, before: &Ev) -> Vec<Ev> {
    let mut out = edit(evs, what, None);
    let i = out
        .iter()
        .position(|e| e == before)
        .expect("anchor in trace");
    out.insert(i, what.clone());
    out
}

mod torn_lines {
    use super::*;
    const CELL: &str = "torn-lines";

    /// Two lines per thread, in order; the first pieces of square and cube tear each other.
    fn good() -> Vec<Ev> {
        let mut e = vec![ev("main", "knob", "lines=2")];
        e.extend([
            ev("pieces-square", "write", "Square:"),
            ev("pieces-cube", "write", "Cube:"),
            ev("pieces-square", "write", " "),
            ev("pieces-square", "write", "1"),
            ev("pieces-square", "write", "\n"),
            ev("pieces-cube", "write", " 1\n"),
            ev("pieces-square", "write", "Square: 4\n"),
            ev("pieces-cube", "write", "Cube: 8\n"),
        ]);
        for (style, locked) in [("whole", false), ("locked", true)] {
            let (sq, cu): (&'static str, &'static str) = if locked {
                ("locked-square", "locked-cube")
            } else {
                ("whole-square", "whole-cube")
            };
            let _ = style;
            for (who, label, vals) in [(sq, "Square", [1, 4]), (cu, "Cube", [1, 8])] {
                for v in vals {
                    if locked {
                        e.push(ev(who, "write", format!("{label}:")));
                        e.push(ev(who, "write", format!(" {v}\n")));
                    } else {
                        e.push(ev(who, "print", format!("{label}: {v}")));
                    }
                }
            }
        }
        e
    }

    #[test]
    fn holds_and_observes_the_torn_line() {
        all_hold(CELL, &good());
        observes(CELL, "lines-torn-when-printed-in-pieces", &good(), "2 torn");
    }

    #[test]
    fn each_thread_prints_its_lines_whole_and_in_order_catches_a_lost_line() {
        let bad = edit(&good(), &ev("whole-cube", "print", "Cube: 8"), None);
        caught(
            CELL,
            "each-thread-prints-its-lines-whole-and-in-order",
            &bad,
        );
    }

    #[test]
    fn each_thread_prints_its_lines_whole_and_in_order_catches_a_reorder() {
        let bad = move_before(
            &good(),
            &ev("whole-square", "print", "Square: 4"),
            &ev("whole-square", "print", "Square: 1"),
        );
        caught(
            CELL,
            "each-thread-prints-its-lines-whole-and-in-order",
            &bad,
        );
        // And a trace that does not say how many lines to expect.
        caught(
            CELL,
            "each-thread-prints-its-lines-whole-and-in-order",
            &edit(&good(), &ev("main", "knob", "lines=2"), None),
        );
    }

    #[test]
    fn println_lines_never_torn_catches_a_torn_line() {
        let bad = edit(
            &good(),
            &ev("whole-square", "print", "Square: 1"),
            Some(ev("whole-square", "write", "Square:")),
        );
        // The rest of the line comes after a piece of whole-cube's output.
        let mut bad = bad;
        let i = bad
            .iter()
            .position(|e| *e == ev("whole-cube", "print", "Cube: 1"))
            .expect("in");
        bad.insert(i + 1, ev("whole-square", "write", " 1\n"));
        let bad = move_before(
            &bad,
            &ev("whole-square", "print", "Square: 4"),
            &ev("whole-cube", "print", "Cube: 8"),
        );
        caught(CELL, "println-lines-never-torn", &bad);
    }

    #[test]
    fn locked_lines_never_torn_catches_a_torn_line() {
        let bad = move_before(
            &good(),
            &ev("locked-cube", "write", "Cube:"),
            &ev("locked-square", "write", " 1\n"),
        );
        caught(CELL, "locked-lines-never-torn", &bad);
    }
}

mod shared_counter {
    use super::*;
    const CELL: &str = "shared-counter";

    fn good() -> Vec<Ev> {
        vec![
            ev("main", "count", "mutex expected=400 got=400"),
            ev("main", "count", "atomic expected=400 got=400"),
            ev("main", "count", "racy expected=400 got=300"),
        ]
    }

    #[test]
    fn holds_and_observes_lost_updates() {
        all_hold(CELL, &good());
        observes(
            CELL,
            "racy-counter-lost-updates",
            &good(),
            "lost 100 of 400 (25.0%)",
        );
    }

    #[test]
    fn mutex_counter_exact_catches_a_lost_update() {
        let bad = edit(
            &good(),
            &good()[0],
            Some(ev("main", "count", "mutex expected=400 got=399")),
        );
        caught(CELL, "mutex-counter-exact", &bad);
        caught(
            CELL,
            "mutex-counter-exact",
            &edit(&good(), &good()[0], None),
        );
    }

    #[test]
    fn atomic_counter_exact_catches_a_lost_update() {
        let bad = edit(
            &good(),
            &good()[1],
            Some(ev("main", "count", "atomic expected=400 got=1")),
        );
        caught(CELL, "atomic-counter-exact", &bad);
    }

    #[test]
    fn racy_counter_never_gains_catches_a_gain() {
        let bad = edit(
            &good(),
            &good()[2],
            Some(ev("main", "count", "racy expected=400 got=401")),
        );
        caught(CELL, "racy-counter-never-gains", &bad);
    }

    #[test]
    fn racy_counter_lost_updates_never_fails() {
        // Losing nothing, or almost everything, is recorded, never a failure.
        for got in ["400", "1"] {
            let t = edit(
                &good(),
                &good()[2],
                Some(ev("main", "count", format!("racy expected=400 got={got}"))),
            );
            assert!(check(&trace(CELL, &t), &properties()).is_ok());
        }
    }

    #[test]
    fn three_counters_reported_catches_a_missing_one() {
        caught(
            CELL,
            "three-counters-reported",
            &edit(&good(), &good()[1], None),
        );
    }
}

mod no_gil {
    use super::*;
    const CELL: &str = "no-gil";

    fn good() -> Vec<Ev> {
        vec![
            ev("main", "knob", "workers=2"),
            ev("main", "primes", "sequential=25"),
            ev("worker-1", "start", ""),
            ev("worker-2", "start", ""),
            ev("worker-2", "exit", "12"),
            ev("worker-1", "exit", "13"),
            ev("main", "primes", "parallel=25"),
            ev("main", "speedup", "1.93x with 2 threads on 2 cores"),
        ]
    }

    #[test]
    fn holds_and_observes_the_speedup() {
        all_hold(CELL, &good());
        observes(
            CELL,
            "measured-speedup",
            &good(),
            "1.93x with 2 threads on 2 cores",
        );
        // A slowdown is recorded too, never asserted.
        let slow = edit(
            &good(),
            &good()[7],
            Some(ev("main", "speedup", "0.50x with 2 threads on 2 cores")),
        );
        assert!(check(&trace(CELL, &slow), &properties()).is_ok());
    }

    #[test]
    fn parallel_count_equals_sequential_catches_a_wrong_answer() {
        let bad = edit(
            &good(),
            &good()[6],
            Some(ev("main", "primes", "parallel=24")),
        );
        caught(CELL, "parallel-count-equals-sequential", &bad);
        caught(
            CELL,
            "parallel-count-equals-sequential",
            &edit(&good(), &good()[1], None),
        );
    }

    #[test]
    fn worker_shares_add_up_to_the_total_catches_a_lost_share() {
        caught(
            CELL,
            "worker-shares-add-up-to-the-total",
            &edit(&good(), &good()[4], None),
        );
        let bad = edit(&good(), &good()[0], Some(ev("main", "knob", "workers=3")));
        caught(CELL, "worker-shares-add-up-to-the-total", &bad);
    }

    #[test]
    fn workers_finish_before_the_parallel_total_catches_a_late_worker() {
        let bad = move_before(&good(), &good()[6], &good()[5]);
        caught(CELL, "workers-finish-before-the-parallel-total", &bad);
    }
}

mod scope_name_panic {
    use super::*;
    const CELL: &str = "scope-name-panic";

    fn good() -> Vec<Ev> {
        vec![
            ev("right", "print", "right: sum of [6, 7, 8, 9, 10] = 40"),
            ev("left", "print", "left: sum of [1, 2, 3, 4, 5] = 15"),
            ev(
                "main",
                "print",
                "total = 55, and numbers is still ours: 10 items",
            ),
            ev("reporter", "print", "my name is reporter"),
            ev("main", "join", "reporter"),
            ev("doomed", "print", "dividing by zero..."),
            ev("main", "panic", "attempt to divide by zero"),
            ev(
                "main",
                "print",
                "join returned Err: attempt to divide by zero",
            ),
            ev("main", "print", "main goes on"),
        ]
    }

    #[test]
    fn holds() {
        all_hold(CELL, &good());
    }

    #[test]
    fn scoped_threads_sum_their_halves_catches_a_wrong_sum() {
        let bad = edit(
            &good(),
            &good()[1],
            Some(ev("left", "print", "left: sum of [1, 2, 3, 4, 5] = 14")),
        );
        caught(CELL, "scoped-threads-sum-their-halves", &bad);
    }

    #[test]
    fn scope_ends_after_its_threads_catches_an_early_total() {
        caught(
            CELL,
            "scope-ends-after-its-threads",
            &move_before(&good(), &good()[2], &good()[1]),
        );
    }

    #[test]
    fn named_thread_knows_its_name_catches_a_wrong_name() {
        let bad = edit(
            &good(),
            &good()[3],
            Some(ev("reporter", "print", "my name is <unnamed>")),
        );
        caught(CELL, "named-thread-knows-its-name", &bad);
    }

    #[test]
    fn join_returns_the_panic_message_catches_a_lost_panic() {
        caught(
            CELL,
            "join-returns-the-panic-message",
            &edit(&good(), &good()[6], None),
        );
    }

    #[test]
    fn join_returns_after_the_panicking_thread_ran_catches_an_early_join() {
        caught(
            CELL,
            "join-returns-after-the-panicking-thread-ran",
            &move_before(&good(), &good()[6], &good()[5]),
        );
    }

    #[test]
    fn main_goes_on_after_the_panic_catches_main_stopping() {
        caught(
            CELL,
            "main-goes-on-after-the-panic",
            &edit(&good(), &good()[8], None),
        );
    }
}

mod primitives {
    use super::*;

    fn semaphore() -> Vec<Ev> {
        vec![
            ev("sem-1", "enter", "pool"),
            ev("sem-2", "enter", "pool"),
            ev("sem-1", "leave", "pool"),
            ev("sem-3", "enter", "pool"),
            ev("sem-2", "leave", "pool"),
            ev("sem-3", "leave", "pool"),
            ev("main", "print", "all done, 2 permits free again"),
        ]
    }

    #[test]
    fn semaphore_holds_and_catches_a_third_holder() {
        all_hold("semaphore", &semaphore());
        observes(
            "semaphore",
            "most-inside-the-semaphore",
            &semaphore(),
            "at most 2 inside at once",
        );
        let bad = move_before(&semaphore(), &semaphore()[3], &semaphore()[2]);
        caught("semaphore", "at-most-two-hold-a-permit", &bad);
        let bad = edit(
            &semaphore(),
            &semaphore()[6],
            Some(ev("main", "print", "all done, 1 permits free again")),
        );
        caught("semaphore", "every-permit-returned", &bad);
    }

    fn join_timeout() -> Vec<Ev> {
        vec![
            ev(
                "main",
                "print",
                "join(timeout=0.02): still running, is_alive() is True",
            ),
            ev("main", "set", "go"),
            ev("sleeper", "print", "sleeper: woke up"),
            ev("main", "join", "sleeper"),
            ev(
                "main",
                "print",
                "join(timeout=60): finished, returned \"done\"",
            ),
        ]
    }

    #[test]
    fn join_timeout_holds_and_catches_each_break() {
        let good = join_timeout();
        all_hold("join-timeout", &good);
        caught(
            "join-timeout",
            "short-join-returns-while-the-thread-waits",
            &move_before(&good, &good[2], &good[0]),
        );
        caught(
            "join-timeout",
            "sleeper-wakes-only-after-set",
            &move_before(&good, &good[2], &good[1]),
        );
        caught(
            "join-timeout",
            "long-join-finds-it-finished",
            &move_before(&good, &good[4], &good[2]),
        );
    }
}

mod python_errors {
    use super::*;

    fn good() -> Vec<Ev> {
        threading::python_errors::TABLE
            .iter()
            .flat_map(|(py, rs, code)| {
                [
                    ev("main", "print", format!("Python: {py}")),
                    ev("main", "print", format!("  Rust: {rs} [{code}]")),
                ]
            })
            .collect()
    }

    #[test]
    fn every_python_error_has_a_rust_answer() {
        all_hold("python-errors", &good());
        caught(
            "python-errors",
            "every-python-error-has-a-rust-answer",
            &edit(&good(), &good()[3], None),
        );
    }
}

mod square_cube {
    use super::*;
    const CELL: &str = "square-cube";

    /// The notebook's own output: "Square:Cube: 4", "Hello", " 27", then "Hello".
    fn good() -> Vec<Ev> {
        vec![
            ev("main", "start", "square"),
            ev("main", "start", "cube"),
            ev("square", "write", "Square:"),
            ev("cube", "write", "Cube:"),
            ev("square", "write", " 4\n"),
            ev("main", "print", "Hello"),
            ev("cube", "write", " 27\n"),
            ev("main", "join", "square"),
            ev("main", "join", "cube"),
            ev("main", "print", "Hello"),
        ]
    }

    #[test]
    fn notebook_output_holds_and_is_torn() {
        all_hold(CELL, &good());
        observes(CELL, "torn-lines", &good(), "2 torn");
        observes(CELL, "where-the-first-hello-fell", &good(), "after 1 of 2");
    }

    #[test]
    fn each_notebook_property_catches_its_break() {
        let g = good();
        caught(CELL, "square-printed-once", &edit(&g, &g[4], None));
        caught(
            CELL,
            "cube-printed-once",
            &edit(&g, &g[6], Some(ev("cube", "write", " 28\n"))),
        );
        caught(CELL, "main-prints-hello-twice", &edit(&g, &g[9], None));
        // The first Hello only after a join: main waited before it said Hello.
        let late = move_before(&g, &g[5], &g[9]);
        caught(CELL, "first-hello-before-the-joins", &late);
        // A join that returned before the thread's line was complete.
        caught(
            CELL,
            "join-waits-for-square",
            &move_before(&g, &g[7], &g[4]),
        );
        caught(CELL, "join-waits-for-cube", &move_before(&g, &g[8], &g[6]));
        // The second Hello before the cube's join and its last piece.
        let mut early: Vec<Ev> = g[..9].to_vec();
        early.insert(6, ev("main", "print", "Hello"));
        caught(CELL, "second-hello-after-the-joins", &early);
        caught(CELL, "second-hello-last", &early);
    }
}

#[test]
fn per_actor_order_catches_a_lost_line() {
    // Numbered by hand: main's seq jumps from 0 to 2.
    let t = Trace::from_events([
        Event::new(0, 0, 1, "lesson", "cell", "semaphore"),
        Event::new(0, 1, 1, "main", "print", "a"),
        Event::new(2, 2, 1, "main", "print", "b"),
    ]);
    assert!(matches!(
        outcome(&t, "per-actor-order"),
        Outcome::Violated(_)
    ));
}
