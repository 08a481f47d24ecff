//! New: coroutines chained into a pipeline, source -> grep -> printer (after David Beazley).

use std::rc::Rc;

use interleaving::Actor;
use interleaving::emit::narrate;

use super::Knobs;
use crate::notebook::{grep, printer};

/// What the source sends down the pipeline.
pub const LINES: [&str; 5] = [
    "python generators pause at yield",
    "rust has no generators",
    "send() resumes a python coroutine",
    "close() raises GeneratorExit",
    "asyncio is built on python coroutines",
];

/// The pattern grep keeps.
pub const PATTERN: &str = "python";

/// Data is pushed: each `send` runs grep, which may run printer, and all returns to main
/// before the next line. One thread, no queue, no locks.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Rc::new(Actor::new("main"));
    let grep_actor = Rc::new(Actor::new("grep"));
    narrate(&format!(
        ">>> p = grep({PATTERN:?}, printer())\n>>> next(p)"
    ));
    let mut pipeline = grep(&main, PATTERN, printer(&grep_actor));
    pipeline.advance()?; // grep primes printer, then waits for lines
    narrate(">>> for line in lines: p.send(line)");
    for line in LINES {
        pipeline.send(line.to_owned())?;
    }
    narrate(">>> p.close()");
    pipeline.close()?; // grep closes printer in its `except GeneratorExit`
    Ok(())
}
