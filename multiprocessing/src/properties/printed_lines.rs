//! Every line these cells print, per actor (`interleaving::printed`): a line deleted, added
//! or changed fails, naming the line. The same lines as Python's (`cargo xtask compare`).
//! (fork-buffer-trap's and queue's are beside their other properties, pool-map's in its own file.)

use interleaving::declare::cell;
use interleaving::knob::Knobs;
use interleaving::printed::{Printed, fixed_lines, printed};
use interleaving::{Property, Rule};

use crate::cells::{
    EXIT_CODES, FORK_WITH_THREADS, JOIN_WAITS, SEPARATE_MEMORY, SPAWN, SPAWN_PITFALL, START_HELLO,
};

/// Child i prints i², for each of the cell's `children`; main prints `main_lines`.
fn squares_then(main_lines: &'static [&'static str]) -> Rule {
    printed(move |k: &Knobs| {
        let children = k.u64("children")?;
        let each = (1..=children).fold(Printed::new(), |p, i| {
            p.by(&format!("child-{i}"), [(i * i).to_string()])
        });
        Ok(each.by("main", main_lines.iter().copied()))
    })
}

/// The printed-lines properties of the cells whose output follows from their knobs.
pub(super) fn properties() -> Vec<Property> {
    [
        cell(START_HELLO, [("printed-lines", squares_then(&["Hello"]))]),
        cell(
            JOIN_WAITS,
            [("printed-lines", squares_then(&["Hello World"]))],
        ),
        cell(
            SPAWN,
            [("printed-lines", squares_then(&["Hello", "Hello World"]))],
        ),
        cell(
            SEPARATE_MEMORY,
            [(
                "printed-lines",
                printed(|_| {
                    Ok(Printed::new()
                        .by("child", ["child after append: data = [1, 2, 3, 4]"])
                        .by("main", ["parent after join: data = [1, 2, 3]"]))
                }),
            )],
        ),
        fixed_lines(
            SPAWN_PITFALL,
            Printed::new().by("child-3", ["9"]).by(
                "main",
                ["unregistered task: exitcode=1", "registered task: exitcode=0"],
            ),
        ),
        fixed_lines(
            EXIT_CODES,
            Printed::new().by(
                "main",
                [
                    "returns: exitcode=0",
                    "panics: exitcode=1",
                    "exits-8: exitcode=8",
                    "terminated: exitcode=-15",
                    "killed: exitcode=-9",
                ],
            ),
        ),
        fixed_lines(
            FORK_WITH_THREADS,
            Printed::new()
                .by(
                    "pitfall-child",
                    ["the log lock is held by a thread that does not exist here: lock() would wait for ever"],
                )
                .by("fix-child", ["stdout's lock was free in the child"])
                .by("main", ["pitfall-child: exitcode=0", "fix-child: exitcode=0"]),
        ),
    ]
    .concat()
}
