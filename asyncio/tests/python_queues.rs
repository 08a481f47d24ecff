//! CPython's `asyncio.Queue` under the same queue properties: `reference/python/py_asyncio.py`
//! replays the queue and queue-join cells, recording each `put` and `get` as `call`/`ret`.
//! Its history is linearizable against FIFO, and two gets of one consumer swapping items
//! whose puts were ordered are caught, as on Rust's runs; so are `LifoQueue` and
//! `PriorityQueue` (the queue-family cell) against LIFO and lowest-first. Skipped, with a line saying why,
//! where there is no `python3`.

use asyncio::properties::properties;
use interleaving::testing::{
    Mutation, find_all, python_reference_run, swap_ordered_gets, trace_of,
};
use interleaving::{Outcome, check};

#[test]
fn cpython_asyncio_queue_is_linearizable_and_swapped_gets_are_caught() {
    let Some(out) = python_reference_run(env!("CARGO_MANIFEST_DIR"), "py_asyncio.py") else {
        return;
    };
    let trace = trace_of(&out);
    let report = check(&trace, &properties());
    for (cell, property) in [
        ("queue", "fifo-linearizable"),
        ("queue-join", "queue-join-fifo-linearizable"),
    ] {
        let mine: Vec<_> = report
            .verdicts
            .iter()
            .filter(|v| v.cell.as_deref() == Some(cell))
            .collect();
        assert!(
            mine.iter()
                .any(|v| v.property == property && v.outcome == Outcome::Held),
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
                .any(|v| v.property == property && v.cell.as_deref() == Some(cell)),
            "{cell}, {swap}: {swapped}"
        );
    }
    // LifoQueue and PriorityQueue: main's first two gets (2 then 0, 0 then 1) swapped.
    for (obj, property) in [
        ("lifo", "lifo-linearizable"),
        ("priority", "priority-linearizable"),
    ] {
        assert!(
            report
                .verdicts
                .iter()
                .any(|v| v.property == property && v.outcome == Outcome::Held),
            "{report}"
        );
        let prefix = format!("{obj}.get ");
        let gets = find_all(&trace, "queue-family", |e| {
            e.actor == "main" && e.kind == "ret" && e.value.starts_with(&prefix)
        });
        let (a, b) = (gets[0], gets[1]);
        let swap = Mutation::All(vec![
            Mutation::SetValue(a, trace.lines[b].event.value.clone()),
            Mutation::SetValue(b, trace.lines[a].event.value.clone()),
        ]);
        let swapped = check(&swap.apply(&trace), &properties());
        assert!(
            swapped.violations().any(|v| v.property == property),
            "{obj}: {swapped}"
        );
    }
}
