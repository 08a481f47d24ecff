//! The notebook's traceback: `AttributeError: Can't get attribute 'showSquare' on <module
//! '__main__' (built-in)>`, printed by each spawned child.

use anyhow::Context;
use interleaving::{Actor, emit};

use super::Knobs;
use crate::Process;
use crate::tasks::{SHOW_SQUARE, SHOW_SQUARE_UNREGISTERED, SquareArgs};

/// Under spawn the child is a new program: it unpickles the target by module and name. The
/// notebook defined `showSquare` in an interactive session, a `__main__` the child cannot
/// import, so every child died at start-up and the parent saw only exit code 1. In Rust a
/// spawned child finds its function in the binary's registry; forget to register it and the
/// child fails the same way, at the same moment. The fix in both languages: put the function
/// where the child can find it (a module, or here the registry).
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("work_ms", &k.work_ms)]);
    let main = Actor::new("main");
    let args = SquareArgs {
        n: 3,
        work_ms: k.work_ms,
    };

    let mut broken = Process::spawn("child-3", &SHOW_SQUARE_UNREGISTERED, &args)?;
    broken.start().context("spawning the unregistered task")?;
    broken.join()?;
    let code = broken.exitcode().unwrap_or(-1);
    main.print(format!("unregistered task: exitcode={code}"));
    emit::narrate("The child's message is on stderr above, as Python's traceback was.");

    // The fix: the same function, registered in this binary (see `tasks::REGISTRY`).
    let mut fixed = Process::spawn("child-3", &SHOW_SQUARE, &args)?;
    fixed.start().context("spawning the registered task")?;
    fixed.join()?;
    let code = fixed.exitcode().unwrap_or(-1);
    main.print(format!("registered task: exitcode={code}"));
    Ok(())
}
