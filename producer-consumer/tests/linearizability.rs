//! The real binary's queue histories, checked for linearizability (`interleaving::linear`):
//! a 100k-operation P x C run, and the two-lane cell, whose violation must be named.

use std::time::Instant;

use interleaving::linear::{self, History, Model, Pattern};
use interleaving::testing::{record, stdout_of};

const BIN: &str = env!("CARGO_BIN_EXE_producer-consumer");

#[test]
fn a_hundred_thousand_operation_run_is_linearizable() {
    let trace = record(BIN, &["--cell", "many-to-many", "--messages", "50000"]);
    let history = History::from_lines(&trace.lines).expect("calls and returns pair up");
    // 50,000 puts, 50,000 gets, and each consumer's last get that says ShutDown.
    assert_eq!(history.ops.len(), 100_000 + 4);
    assert!(
        history.ops.iter().all(|o| o.result.is_some()),
        "every op returned"
    );
    let t = Instant::now();
    linear::check(&history, Model::Fifo).unwrap_or_else(|f| panic!("{f}"));
    eprintln!(
        "checked {} operations in {:?}",
        history.ops.len(),
        t.elapsed()
    );
}

#[test]
fn the_two_lane_cell_shows_the_four_operations_no_queue_explains() {
    for _ in 0..5 {
        let text = stdout_of(BIN, &["--cell", "two-lanes", "--items", "3"]);
        assert!(text.contains("not linearizable (order pattern)"), "{text}");
        assert!(text.contains("producer-1: put(1:0) -> ok"), "{text}");
        assert!(text.contains("consumer-2: get_nowait() -> 2:0"), "{text}");
    }
    // And in trace mode, the same finding from the trace itself, in every round.
    let trace = record(BIN, &["--cell", "two-lanes", "--items", "3"]);
    let history = History::from_lines(&trace.lines).expect("a history");
    let found = linear::check(&history, Model::Fifo).expect_err("the forced order");
    assert_eq!(found.pattern, Pattern::Order);
    assert_eq!(found.ops.len(), 4, "{found}");
}
