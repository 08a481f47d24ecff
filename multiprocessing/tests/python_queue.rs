//! CPython's `multiprocessing.Queue` under the queue cell's properties:
//! `reference/python/py_multiprocessing.py` replays the cell with two processes, recording each
//! `put` and `get` as `call`/`ret` on one `CLOCK_MONOTONIC`. Its history is linearizable
//! against FIFO, and the consumer's gets swapping two items whose puts were ordered are caught.
//! Skipped, with a line saying why, where there is no `python3`.

use interleaving::testing::{python_reference_run, swap_ordered_gets, trace_of};
use interleaving::{Outcome, check};
use multiprocessing::properties::properties;

#[test]
fn cpython_multiprocessing_queue_is_linearizable_and_swapped_gets_are_caught() {
    let Some(out) = python_reference_run(env!("CARGO_MANIFEST_DIR"), "py_multiprocessing.py")
    else {
        return;
    };
    let trace = trace_of(&out);
    let report = check(&trace, &properties());
    let queue: Vec<_> = report
        .verdicts
        .iter()
        .filter(|v| v.cell.as_deref() == Some("queue"))
        .collect();
    assert!(
        queue
            .iter()
            .any(|v| v.property == "linearizable" && v.outcome == Outcome::Held),
        "{report}"
    );
    for v in queue {
        assert!(
            matches!(v.outcome, Outcome::Held | Outcome::Observed(_)),
            "{v}"
        );
    }
    let swap = swap_ordered_gets(&trace, "queue").expect("two ordered gets of the consumer");
    let swapped = check(&swap.apply(&trace), &properties());
    assert!(
        swapped
            .violations()
            .any(|v| v.property == "linearizable" && v.cell.as_deref() == Some("queue")),
        "{swap}: {swapped}"
    );
}
