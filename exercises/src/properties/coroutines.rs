//! The coroutines exercises' properties: the notebook's exact output, and `close()` ending
//! the generator cleanly.

use interleaving::Rule;
use interleaving::declare::{events, lines};

/// The notebook's In [27]-[32] output, in order: `Cool:Utkarsh`, `Cool:Gupta`, `Done`.
pub fn fancy_name_output() -> (&'static str, Rule) {
    (
        "prints-cool-utkarsh-cool-gupta-done",
        lines()
            .by("fancy_name")
            .sequence(["Cool:Utkarsh", "Cool:Gupta", "Done"]),
    )
}

/// `never-primed`: the notebook's output.
pub fn never_primed() -> Vec<(&'static str, Rule)> {
    vec![fancy_name_output()]
}

/// `generator-exit`: `close()` returned cleanly, and the output is the notebook's.
pub fn generator_exit() -> Vec<(&'static str, Rule)> {
    vec![
        ("close-returns-cleanly", events("closed").exactly(["ok"])),
        fancy_name_output(),
    ]
}
