//! Solution of `ignored-task-error` (asyncio lesson, cells `task-group` and
//! `task-group-failure`; the notebook's unfinished "AsyncIO" section).
//!
//! Main checks three inputs in three tasks; the check of input 2 fails. Main awaits the
//! tasks, then says "all checked": the failure is lost. Make main report the child's error
//! (as an `error` event by main: `ValueError: bad input 2`) and not say "all checked".
//! Judge it with `cargo xtask exercise ignored-task-error`.
//!
//! The same bug in Python (which at best logs "Task exception was never retrieved"):
//!
//! ```python
//! tasks = [asyncio.create_task(check(n)) for n in (1, 2, 3)]
//! await asyncio.wait(tasks)    # the failure stays inside its task
//! print("all checked")
//! ```

use std::process::ExitCode;

use asyncio::AsyncioError;
use exercises::lab;
use interleaving::Actor;

fn main() -> ExitCode {
    lab::run("asyncio", "ignored-task-error", &[("inputs", &3)], run)
}

/// Checks one input: 2 is bad.
async fn check(n: u64) -> Result<u64, AsyncioError> {
    let me = Actor::new(format!("check-{n}"));
    if n == 2 {
        me.emit("raise", "ValueError");
        return Err(AsyncioError::ValueError(format!("bad input {n}")));
    }
    me.print(format!("{n} is fine"));
    Ok(n)
}

fn run(main: &Actor) -> anyhow::Result<()> {
    asyncio::run(async {
        // A TaskGroup (Python 3.11's `async with TaskGroup()`): no child outlives it, and a
        // child's error comes back out of it, in an ExceptionGroup.
        let checked = asyncio::task_group(|tg| async move {
            for n in 1..=3 {
                tg.spawn(check(n))?;
            }
            Ok(())
        })
        .await;
        match checked {
            Ok(()) => main.print("all checked"),
            Err(group) => {
                for e in &group.exceptions {
                    main.emit("error", e.to_string());
                }
            }
        }
    })?;
    Ok(())
}
