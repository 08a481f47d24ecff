//! The lesson's properties on real recorded runs, through the shared harness
//! (`interleaving::testing`): they hold on a run, each catches the violation the notebook is
//! about, and their bounds come from the run's knobs. That every asserted property can fail at
//! all is `tests/mutation.rs`.

use interleaving::testing::{Mutation, assert_caught, at, record};
use interleaving::{Trace, check_lesson};
use multiprocessing::properties::{properties, spec};

fn run(args: &[&str]) -> Trace {
    record(env!("CARGO_BIN_EXE_multiprocessing"), args)
}

#[test]
fn every_property_holds_on_a_real_run() {
    let t = run(&[]);
    let report = check_lesson(&t, &spec(), &properties());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0, "{report}");
}

#[test]
fn a_square_after_hello_world_breaks_the_join() {
    let t = run(&["--cell", "join-waits"]);
    let square = at(&t, "join-waits", "child-3", "9");
    let hello_world = at(&t, "join-waits", "main", "Hello World");
    let t = Mutation::MoveAfter(square, hello_world).apply(&t);
    assert_caught(&t, &spec(), &properties(), "hello-world-after-every-child");
}

#[test]
fn a_lost_or_doubled_square_is_caught() {
    let t = run(&["--cell", "start-hello", "--children", "3"]);
    let square = at(&t, "start-hello", "child-2", "4");
    for m in [Mutation::Remove(square), Mutation::Duplicate(square)] {
        assert_caught(
            &m.apply(&t),
            &spec(),
            &properties(),
            "each-square-printed-once",
        );
    }
}

#[test]
fn the_squares_expected_are_the_knobs_children() {
    // Three children ran, but the knob event says five: two squares are missing.
    let t = run(&["--cell", "join-waits", "--children", "3"]);
    let knob = at(&t, "join-waits", "lesson", "children=3 work_ms=0");
    let t = Mutation::SetValue(knob, "children=5 work_ms=0".into()).apply(&t);
    assert_caught(&t, &spec(), &properties(), "each-square-printed-once");
}

#[test]
fn the_items_published_are_the_knobs_items() {
    let t = run(&["--cell", "queue", "--items", "3"]);
    let report = check_lesson(&t, &spec(), &properties());
    assert!(report.is_ok(), "{report}");
    let put = at(&t, "queue", "producer", "2");
    assert_caught(
        &Mutation::Remove(put).apply(&t),
        &spec(),
        &properties(),
        "published-0-to-n",
    );
}

#[test]
fn a_get_before_its_put_is_caught() {
    let t = run(&["--cell", "queue"]);
    let put = at(&t, "queue", "producer", "3");
    let get = at(&t, "queue", "consumer", "3");
    let t = Mutation::MoveAfter(put, get).apply(&t);
    assert_caught(&t, &spec(), &properties(), "every-get-after-its-put");
}

#[test]
fn a_missing_cell_is_reported_not_run() {
    let t = run(&["--cell", "start-hello"]);
    let report = check_lesson(&t, &spec(), &properties());
    assert!(report.is_ok(), "{report}");
    assert!(
        report
            .not_run()
            .any(|v| v.property == "consumed-equals-published-in-order")
    );
}

#[test]
fn observations_record_what_varies() {
    let t = run(&["--cell", "pool-map"]);
    let report = check_lesson(&t, &spec(), &properties());
    let obs: Vec<&str> = report.observations().map(|(p, _)| p).collect();
    for p in ["pool-completion-order", "pool-speedup"] {
        assert!(obs.contains(&p), "{obs:?}");
    }
    let speedup = report
        .observations()
        .find(|(p, _)| *p == "pool-speedup")
        .unwrap()
        .1;
    assert!(speedup.ends_with('x'), "{speedup}");
}

#[test]
fn queue_across_processes_is_linearizable_and_swapped_gets_are_caught() {
    let t = run(&["--cell", "queue", "--items", "6"]);
    let report = check_lesson(&t, &spec(), &properties());
    assert!(report.is_ok(), "{report}");
    // Every put and get is recorded, the sentinel's too: one call per operation.
    let calls = t.lines.iter().filter(|l| l.event.kind == "call").count();
    assert_eq!(
        calls,
        2 * (6 + 1),
        "6 items and the sentinel, each put and got"
    );
    let swap = interleaving::testing::swap_ordered_gets(&t, "queue")
        .expect("the consumer's gets of two items put one after the other");
    assert_caught(&swap.apply(&t), &spec(), &properties(), "linearizable");
}
