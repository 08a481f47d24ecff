//! Every line these cells print, per actor (`interleaving::printed`): a line deleted, added
//! or changed fails, naming the line. The same lines as Python's (`cargo xtask compare`).
//! (The averager's are beside its other property.)

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::printed::{Printed, printed};

use crate::cells::{FANCY_NAME, FUNC2, PIPELINE, PRIMING};

/// The printed-lines properties of the cells whose output is fixed.
pub(super) fn properties() -> Vec<Property> {
    let fixed = |cell_name: &str, by: Printed| {
        cell(
            cell_name,
            [("printed-lines", printed(move |_| Ok(by.clone())))],
        )
    };
    [
        fixed(
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
        fixed(
            FANCY_NAME,
            Printed::new().by("fancy_name", ["Cool:Utkarsh", "Cool:Gupta", "Done"]),
        ),
        fixed(
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
        fixed(
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
    ]
    .concat()
}
