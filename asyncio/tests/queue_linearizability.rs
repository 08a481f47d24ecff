//! The queue cells record every `put` and `get` as `call`/`ret` (SPEC section 3), and their
//! `linearizable` property holds on a real run, on both runtimes, and fails once two gets of
//! one consumer swap items whose puts were ordered.

use asyncio::properties::{properties, spec};
use interleaving::testing::{Recording, swap_ordered_gets};

const CELLS: [&str; 2] = ["queue", "queue-join"];

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
        for cell in CELLS {
            let run = recorded(cell, runtime);
            run.holds();
            let swap = swap_ordered_gets(&run, cell)
                .unwrap_or_else(|| panic!("{cell} ({runtime}): no two ordered gets to swap"));
            run.caught(swap, "linearizable");
        }
    }
}
