//! The queue cells record every `put` and `get` as `call`/`ret` (SPEC section 3), and their
//! `linearizable` property holds on a real run, on both runtimes, and fails once two gets of
//! one consumer swap items whose puts were ordered.

use asyncio::properties::{properties, spec};
use interleaving::testing::{Mutation, Recording, find_all, swap_ordered_gets};

/// The FIFO cells and the name of their linearizability property.
const CELLS: [(&str, &str); 2] = [
    ("queue", "fifo-linearizable"),
    ("queue-join", "queue-join-fifo-linearizable"),
];

fn recorded(cell: &str, runtime: &str) -> Recording {
    Recording::new(
        env!("CARGO_BIN_EXE_asyncio"),
        &["--cell", cell, "--runtime", runtime],
        spec(),
        properties(),
    )
}

#[test]
fn queue_cells_are_linearizable_and_swapped_gets_are_caught() {
    for runtime in ["current", "multi"] {
        for (cell, property) in CELLS {
            let run = recorded(cell, runtime);
            run.holds();
            let swap = swap_ordered_gets(&run, cell)
                .unwrap_or_else(|| panic!("{cell} ({runtime}): no two ordered gets to swap"));
            run.caught(swap, property);
        }
    }
}

/// The first two gets of main on `obj` in the queue-family cell, their items swapped.
fn main_gets_swapped(run: &Recording, obj: &str) -> Mutation {
    let prefix = format!("{obj}.get ");
    let gets = find_all(run, "queue-family", |e| {
        e.actor == "main" && e.kind == "ret" && e.value.starts_with(&prefix)
    });
    let (a, b) = (gets[0], gets[1]);
    Mutation::All(vec![
        Mutation::SetValue(a, run.lines[b].event.value.clone()),
        Mutation::SetValue(b, run.lines[a].event.value.clone()),
    ])
}

#[test]
fn lifo_and_priority_queues_are_linearizable_and_a_wrong_order_is_caught() {
    for runtime in ["current", "multi"] {
        let run = recorded("queue-family", runtime);
        run.holds();
        // Main got 2 then 0 from the stack, 0 then 1 from the heap: the other way round, the
        // value that had to come out first was surely in.
        run.caught(main_gets_swapped(&run, "lifo"), "lifo-linearizable");
        run.caught(main_gets_swapped(&run, "priority"), "priority-linearizable");
    }
}
