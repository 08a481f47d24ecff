//! CPython's `asyncio.Queue` under the same queue properties: `reference/python/py_asyncio.py`
//! replays the queue and queue-join cells, recording each `put` and `get` as `call`/`ret`.
//! Its history is linearizable against FIFO, and two gets of one consumer swapping items
//! whose puts were ordered are caught, as on Rust's runs. Skipped, with a line saying why,
//! where there is no `python3`.

use asyncio::properties::properties;
use interleaving::testing::{python_reference_run, swap_ordered_gets, trace_of};
use interleaving::{Outcome, check};

#[test]
fn cpython_asyncio_queue_is_linearizable_and_swapped_gets_are_caught() {
    let Some(out) = python_reference_run(env!("CARGO_MANIFEST_DIR"), "py_asyncio.py") else {
        return;
    };
    let trace = trace_of(&out);
    let report = check(&trace, &properties());
    for cell in ["queue", "queue-join"] {
        let mine: Vec<_> = report
            .verdicts
            .iter()
            .filter(|v| v.cell.as_deref() == Some(cell))
            .collect();
        assert!(
            mine.iter()
                .any(|v| v.property == "linearizable" && v.outcome == Outcome::Held),
            "{cell}: {report}"
        );
        for v in mine {
            assert!(
                matches!(v.outcome, Outcome::Held | Outcome::Observed(_)),
                "{cell}: {v}"
            );
        }
        let swap = swap_ordered_gets(&trace, cell).expect("two ordered gets of one consumer");
        let swapped = check(&swap.apply(&trace), &properties());
        assert!(
            swapped
                .violations()
                .any(|v| v.property == "linearizable" && v.cell.as_deref() == Some(cell)),
            "{cell}, {swap}: {swapped}"
        );
    }
}
