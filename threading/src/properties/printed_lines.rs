//! Every line these cells print, per actor (`interleaving::printed`): a line deleted, added
//! or changed fails, naming the line. The same lines as Python's (`cargo xtask compare`).
//! (torn-lines' are beside its other properties.)

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::printed::{Printed, printed};

use crate::cells::{EVENT, RLOCK, SQUARE_CUBE};

/// The printed-lines properties of the cells whose output follows from their knobs.
pub(super) fn properties() -> Vec<Property> {
    [
        cell(
            SQUARE_CUBE,
            [(
                "printed-lines",
                printed(|_| {
                    Ok(Printed::new()
                        .by("main", ["Hello", "Hello"])
                        .by("square", ["Square: 4"])
                        .by("cube", ["Cube: 27"]))
                }),
            )],
        ),
        cell(
            EVENT,
            [(
                "printed-lines",
                printed(|k| {
                    let waiters = k.u64("waiters")?;
                    let each = (1..=waiters).fold(Printed::new(), |p, i| {
                        p.by(
                            &format!("event-{i}"),
                            [format!("event-{i}: wait() returned True")],
                        )
                    });
                    Ok(each.by("main", ["after clear(): wait(0.01) returned False"]))
                }),
            )],
        ),
        cell(
            RLOCK,
            [(
                "printed-lines",
                printed(|k| {
                    let depth = k.u64("depth")?;
                    let levels = |who: &str| {
                        (1..=depth)
                            .map(|d| format!("{who}: depth {d}, holding {d} levels"))
                            .collect::<Vec<_>>()
                    };
                    Ok(Printed::new()
                        .by("rlock-a", levels("rlock-a"))
                        .by("rlock-b", levels("rlock-b"))
                        .by(
                            "main",
                            ["release() without owning it: RuntimeError: cannot release un-acquired lock"],
                        ))
                }),
            )],
        ),
    ]
    .concat()
}
