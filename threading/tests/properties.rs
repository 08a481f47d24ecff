//! The lesson's properties on a real recorded run, through the shared harness
//! (`interleaving::testing`): all hold, each asserted one is caught by a named mutation of the
//! run, and observations record without failing. The lock, rlock, condition, event and barrier
//! cells are in `properties_primitives.rs`; that every asserted property can fail at all is
//! `mutation.rs`.

use interleaving::testing::{
    Mutation, Run, assert_caught, assert_holds, assert_not_run_without_its_cell, at, at_kind, find,
    find_all, observed,
};
use threading::properties::{properties, spec};

#[path = "support/recorded.rs"]
mod recorded;
use recorded::run;

/// The run, mutated by `m`, passes the lesson's check.
fn holds(m: Mutation) {
    assert_holds(&m.apply(run()), &spec(), &properties());
}

#[test]
fn every_property_holds_on_a_real_run() {
    run().holds_with_every_cell();
}

#[test]
fn a_missing_cell_is_reported_not_run() {
    let bin = env!("CARGO_BIN_EXE_threading");
    let absent = "mutex-counter-exact";
    assert_not_run_without_its_cell(bin, &spec(), &properties(), "square-cube", absent);
}

mod square_cube {
    use super::*;
    const CELL: &str = "square-cube";

    fn hellos() -> Vec<usize> {
        find_all(run(), CELL, |e| e.actor == "main" && e.value == "Hello")
    }

    /// The first write of `who` and main's join of it.
    fn write_and_join(who: &str) -> (usize, usize) {
        let write = at_kind(run(), CELL, who, "write");
        let join = find(run(), CELL, |e| e.kind == "join" && e.value == who);
        (write, join)
    }

    #[test]
    fn the_notebook_output_is_observed() {
        let torn = observed(run(), &properties(), "torn-lines");
        assert!(torn.ends_with(" torn"), "{torn}");
        observed(run(), &properties(), "where-the-first-hello-fell");
    }

    #[test]
    fn square_and_cube_printed_once_catch_a_wrong_value() {
        run().caught(
            run().rewrite(at(run(), CELL, "square", "4"), "4", "5"),
            "square-printed-once",
        );
        run().caught(
            run().rewrite(at(run(), CELL, "cube", "27"), "27", "28"),
            "cube-printed-once",
        );
    }

    #[test]
    fn main_prints_hello_twice_catches_a_lost_hello() {
        run().caught(Mutation::Remove(hellos()[1]), "main-prints-hello-twice");
    }

    #[test]
    fn first_hello_before_the_joins_catches_main_waiting_first() {
        let (_, join) = write_and_join("cube");
        run().caught(
            Mutation::MoveAfter(hellos()[0], join),
            "first-hello-before-the-joins",
        );
    }

    #[test]
    fn join_waits_for_each_thread_catches_an_early_join() {
        for who in ["square", "cube"] {
            let (write, join) = write_and_join(who);
            run().caught(
                Mutation::MoveBefore(join, write),
                &format!("join-waits-for-{who}"),
            );
        }
    }

    /// The interleaving that made the old mutation miss, by hand: both threads are done
    /// before main's first "Hello".
    fn threads_done_before_the_first_hello() -> interleaving::Trace {
        let mut run = Run::new("threading").cell(CELL, "");
        run = run
            .step("main", "start", "square")
            .step("main", "start", "cube");
        for (who, value) in [("square", "Square: 4"), ("cube", "Cube: 27")] {
            run = run.step(who, "write", value).step(who, "write", "\n");
        }
        run.step("main", "print", "Hello")
            .step("main", "join", "square")
            .step("main", "join", "cube")
            .step("main", "print", "Hello")
            .end()
    }

    #[test]
    fn moving_the_second_hello_before_a_write_can_miss_second_hello_last() {
        // Why the old mutation was flaky: here it makes the moved "Hello" the first one,
        // and the new second one is still last.
        let t = threads_done_before_the_first_hello();
        assert_holds(&t, &spec(), &properties());
        let [_, second] = find_all(&t, CELL, |e| e.value == "Hello")[..] else {
            panic!("two hellos")
        };
        let cube_write = find(&t, CELL, |e| e.actor == "cube");
        let old = Mutation::MoveBefore(second, cube_write).apply(&t);
        let report = interleaving::check_lesson(&old, &spec(), &properties());
        assert!(
            !report
                .violations()
                .any(|v| v.property == "second-hello-last"),
            "{report}"
        );
        // The mutations the test below makes are caught on this interleaving too.
        let first_join = find(&t, CELL, |e| e.kind == "join");
        assert_caught(
            &Mutation::MoveBefore(second, first_join).apply(&t),
            &spec(),
            &properties(),
            "second-hello-after-the-joins",
        );
        assert_caught(
            &Mutation::MoveAfter(cube_write + 1, second).apply(&t),
            &spec(),
            &properties(),
            "second-hello-last",
        );
    }

    #[test]
    fn the_second_hello_comes_last_after_the_joins() {
        // Each mutation must fail under every interleaving the recorded run may have. Moving
        // the second "Hello" before a thread's first write did not: when both threads had
        // written before the first "Hello", the moved one became the first and the second
        // (the old first) was still last. So leave the hellos in their order and move what
        // must not cross the second one: its place before the first join (the first hello
        // is before the joins in every run), and the thread's last write after it.
        let [first, second] = hellos()[..] else {
            panic!("main prints Hello twice")
        };
        let first_join = find(run(), CELL, |e| e.kind == "join");
        assert!(first < first_join && first_join < second);
        run().caught(
            Mutation::MoveBefore(second, first_join),
            "second-hello-after-the-joins",
        );
        let last_thread_write =
            *find_all(run(), CELL, |e| e.actor == "square" || e.actor == "cube")
                .last()
                .expect("the threads wrote");
        run().caught(
            Mutation::MoveAfter(last_thread_write, second),
            "second-hello-last",
        );
    }
}

mod torn_lines {
    use super::*;
    const CELL: &str = "torn-lines";
    const IN_ORDER: &str = "each-thread-prints-its-lines-whole-and-in-order";

    #[test]
    fn lines_torn_when_printed_in_pieces_is_observed() {
        let torn = observed(run(), &properties(), "lines-torn-when-printed-in-pieces");
        assert!(torn.ends_with(" torn"), "{torn}");
    }

    #[test]
    fn lines_in_order_catches_a_lost_or_moved_line_or_no_knob() {
        let t = run();
        run().caught(
            Mutation::Remove(at(t, CELL, "whole-cube", "Cube: 8")),
            IN_ORDER,
        );
        let four = at(t, CELL, "whole-square", "Square: 4");
        let one = at(t, CELL, "whole-square", "Square: 1");
        run().caught(Mutation::MoveBefore(four, one), IN_ORDER);
        // A trace that does not say how many lines to expect.
        let knob = at_kind(t, CELL, "lesson", "knob");
        run().caught(Mutation::SetValue(knob, String::new()), IN_ORDER);
    }

    #[test]
    fn println_lines_never_torn_catches_a_torn_line() {
        // "Square: 1" written without its newline, and a line of whole-cube right after it.
        let t = run();
        let square = at(t, CELL, "whole-square", "Square: 1");
        let cube = at(t, CELL, "whole-cube", "Cube: 1");
        let m = Mutation::All(vec![
            Mutation::SetKind(square, "write".into()),
            Mutation::MoveAfter(cube, square),
        ]);
        run().caught(m, "println-lines-never-torn");
    }

    #[test]
    fn locked_lines_never_torn_catches_a_torn_line() {
        // The other thread's first piece inside the first locked line.
        let t = run();
        let first = find(t, CELL, |e| e.actor.starts_with("locked-"));
        let who = t.lines[first].event.actor.clone();
        let other = find(t, CELL, |e| {
            e.actor.starts_with("locked-") && e.actor != who
        });
        run().caught(Mutation::MoveAfter(other, first), "locked-lines-never-torn");
    }
}

mod shared_counter {
    use super::*;
    const CELL: &str = "shared-counter";

    fn count(how: &str) -> usize {
        find(run(), CELL, |e| {
            e.kind == "count" && e.value.starts_with(how)
        })
    }

    /// The counter `how` reported as `got`.
    fn got(how: &str, got: &str) -> Mutation {
        let i = count(how);
        let v = &run().lines[i].event.value;
        let (head, _) = v.split_once(" got=").expect("a count");
        Mutation::SetValue(i, format!("{head} got={got}"))
    }

    /// The racy counter reported as `got`, in its `count` event and in main's line after it
    /// alike (the line is claimed as the event records it: `printed-lines`).
    fn racy_reported(got: u64) -> Mutation {
        let line = find(run(), CELL, |e| {
            e.kind == "print" && e.value.starts_with("load, store(n + 1)")
        });
        let v = &run().lines[line].event.value;
        let (head, _) = v.split_once(", got ").expect("a counter line");
        let lost = 8000 - got;
        Mutation::All(vec![
            self::got("racy", &got.to_string()),
            Mutation::SetValue(line, format!("{head}, got {got:>9}, lost {lost}")),
        ])
    }

    #[test]
    fn mutex_counter_exact_catches_a_lost_update_or_no_count() {
        run().caught(got("mutex", "7999"), "mutex-counter-exact");
        run().caught(Mutation::Remove(count("mutex")), "mutex-counter-exact");
    }

    #[test]
    fn atomic_counter_exact_catches_a_lost_update() {
        run().caught(got("atomic", "1"), "atomic-counter-exact");
    }

    #[test]
    fn racy_counter_never_gains_catches_a_gain() {
        run().caught(got("racy", "8001"), "racy-counter-never-gains");
    }

    #[test]
    fn racy_counter_lost_updates_never_fails() {
        // Losing nothing, or almost everything, is recorded, never a failure.
        for n in [8000, 1] {
            holds(racy_reported(n));
        }
        let lost = observed(
            &racy_reported(6000).apply(run()),
            &properties(),
            "racy-counter-lost-updates",
        );
        assert_eq!(lost, "lost 2000 of 8000 (25.0%)");
    }

    #[test]
    fn three_counters_reported_catches_a_missing_one() {
        run().caught(Mutation::Remove(count("atomic")), "three-counters-reported");
    }
}

mod no_gil {
    use super::*;
    const CELL: &str = "no-gil";

    fn primes(how: &str) -> usize {
        find(run(), CELL, |e| {
            e.kind == "primes" && e.value.starts_with(how)
        })
    }

    #[test]
    fn the_speedup_is_observed_even_a_slowdown() {
        observed(run(), &properties(), "measured-speedup");
        let speedup = at_kind(run(), CELL, "main", "speedup");
        // Its line says the same (the line is claimed as the event records it).
        let line = find(run(), CELL, |e| {
            e.kind == "print" && e.value.starts_with("speedup ")
        });
        let (_, most) = run().lines[line]
            .event
            .value
            .split_once(" (the most")
            .expect("a speedup line");
        let slower = "0.50x with 2 threads on 2 cores";
        holds(Mutation::All(vec![
            Mutation::SetValue(speedup, slower.into()),
            Mutation::SetValue(line, format!("speedup {slower} (the most{most}")),
        ]));
    }

    #[test]
    fn parallel_count_equals_sequential_catches_a_wrong_answer() {
        let name = "parallel-count-equals-sequential";
        run().caught(
            Mutation::SetValue(primes("parallel"), "parallel=1".into()),
            name,
        );
        run().caught(Mutation::Remove(primes("sequential")), name);
    }

    #[test]
    fn worker_shares_add_up_to_the_total_catches_a_lost_share() {
        let name = "worker-shares-add-up-to-the-total";
        run().caught(
            Mutation::Remove(at_kind(run(), CELL, "worker-1", "exit")),
            name,
        );
        let knob = at_kind(run(), CELL, "lesson", "knob");
        run().caught(run().rewrite(knob, "workers=2", "workers=3"), name);
    }

    #[test]
    fn workers_finish_before_the_parallel_total_catches_a_late_worker() {
        let last = *find_all(run(), CELL, |e| e.kind == "exit").last().unwrap();
        run().caught(
            Mutation::MoveAfter(last, primes("parallel")),
            "workers-finish-before-the-parallel-total",
        );
    }
}

mod scope_name_panic {
    use super::*;
    const CELL: &str = "scope-name-panic";

    fn main_says(prefix: &str) -> usize {
        find(run(), CELL, |e| {
            e.actor == "main" && e.value.starts_with(prefix)
        })
    }

    #[test]
    fn scoped_threads_sum_their_halves_catches_a_wrong_sum() {
        let left = at_kind(run(), CELL, "left", "print");
        run().caught(
            run().rewrite(left, "= 15", "= 14"),
            "scoped-threads-sum-their-halves",
        );
    }

    #[test]
    fn scope_ends_after_its_threads_catches_an_early_total() {
        let half = find(run(), CELL, |e| e.actor == "left" || e.actor == "right");
        run().caught(
            Mutation::MoveBefore(main_says("total = 55"), half),
            "scope-ends-after-its-threads",
        );
    }

    #[test]
    fn named_thread_knows_its_name_catches_a_wrong_name() {
        let i = at(run(), CELL, "reporter", "my name is reporter");
        run().caught(
            run().rewrite(i, "reporter", "<unnamed>"),
            "named-thread-knows-its-name",
        );
    }

    #[test]
    fn the_panic_comes_back_from_join_and_main_goes_on() {
        let panic = at_kind(run(), CELL, "main", "panic");
        let doomed = at_kind(run(), CELL, "doomed", "print");
        run().caught(Mutation::Remove(panic), "join-returns-the-panic-message");
        run().caught(
            Mutation::MoveBefore(panic, doomed),
            "join-returns-after-the-panicking-thread-ran",
        );
        run().caught(
            Mutation::Remove(main_says("main goes on")),
            "main-goes-on-after-the-panic",
        );
    }
}

mod semaphore {
    use super::*;
    const CELL: &str = "semaphore";

    #[test]
    fn at_most_two_hold_a_permit_catches_a_third_holder() {
        // The first two holders never leave: the third is inside with them.
        let leaves = find_all(run(), CELL, |e| e.kind == "leave");
        let m = Mutation::All(vec![
            Mutation::Remove(leaves[1]),
            Mutation::Remove(leaves[0]),
        ]);
        run().caught(m, "at-most-two-hold-a-permit");
        observed(run(), &properties(), "most-inside-the-semaphore");
    }

    #[test]
    fn every_permit_returned_catches_a_permit_kept() {
        let i = at(run(), CELL, "main", "all done, 2 permits free again");
        run().caught(
            run().rewrite(i, "2 permits", "1 permits"),
            "every-permit-returned",
        );
    }
}

mod join_timeout {
    use super::*;
    const CELL: &str = "join-timeout";

    #[test]
    fn each_join_timeout_property_catches_its_break() {
        let t = run();
        let short = find(t, CELL, |e| e.value.starts_with("join(timeout=0.02)"));
        let long = find(t, CELL, |e| e.value.starts_with("join(timeout=60)"));
        let set = at_kind(t, CELL, "main", "set");
        let woke = at_kind(t, CELL, "sleeper", "print");
        run().caught(
            Mutation::MoveBefore(woke, short),
            "short-join-returns-while-the-thread-waits",
        );
        run().caught(
            Mutation::MoveBefore(woke, set),
            "sleeper-wakes-only-after-set",
        );
        run().caught(
            Mutation::MoveBefore(long, woke),
            "long-join-finds-it-finished",
        );
    }
}

#[test]
fn every_python_error_has_a_rust_answer_catches_a_lost_row() {
    let rows = find_all(run(), "python-errors", |e| e.actor == "main");
    run().caught(
        Mutation::Remove(rows[3]),
        "every-python-error-has-a-rust-answer",
    );
}
