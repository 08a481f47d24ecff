//! Every line these cells print, per actor (`interleaving::printed`): a line deleted, added
//! or changed fails, naming the line. The same lines as Python's (`cargo xtask compare`).
//! (The averager's are beside its other property.)

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::printed::{Printed, fixed_lines, printed};

use crate::cells::{FANCY_NAME, FUNC2, PIPELINE, PRIMING, SCHEDULER};

/// The printed-lines properties of the cells whose output is fixed (by their knobs).
pub(super) fn properties() -> Vec<Property> {
    [
        fixed_lines(
            FUNC2,
            Printed::new().by(
                "main",
                [
                    "<generator object func2 (GEN_CREATED)>",
                    "5",
                    "StopIteration",
                    "<generator object func2 (GEN_CLOSED)>",
                ],
            ),
        ),
        fixed_lines(
            FANCY_NAME,
            Printed::new().by("fancy_name", ["Cool:Utkarsh", "Cool:Gupta", "Done"]),
        ),
        fixed_lines(
            PRIMING,
            Printed::new().by("fancy_name", ["Cool:Utkarsh"]).by(
                "main",
                [
                    "TypeError: can't send non-None value to a just-started generator",
                    "<generator object fancy_name (GEN_CREATED)>",
                    "TypeError: can only concatenate str (not \"NoneType\") to str",
                    "StopIteration",
                ],
            ),
        ),
        fixed_lines(
            PIPELINE,
            Printed::new().by(
                "printer",
                [
                    "python generators pause at yield",
                    "send() resumes a python coroutine",
                    "asyncio is built on python coroutines",
                ],
            ),
        ),
        cell(SCHEDULER, [("printed-lines", printed(countdowns))]),
    ]
    .concat()
}

/// The scheduler's tasks: `task-K` (K from 1) counts down from `steps - (K - 1)` (at least
/// 1) to 1, a line each, whatever order the round robin interleaves them in.
fn countdowns(k: &interleaving::knob::Knobs) -> Result<Printed, String> {
    let (tasks, steps) = (k.u64("tasks")?, k.u64("steps")?);
    Ok((0..tasks).fold(Printed::new(), |p, i| {
        let name = format!("task-{}", i + 1);
        let from = steps.saturating_sub(i).max(1);
        let lines: Vec<String> = (1..=from).rev().map(|n| format!("{name}: {n}")).collect();
        p.by(&name, lines)
    }))
}
