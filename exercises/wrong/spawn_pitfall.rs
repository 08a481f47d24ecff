//! A wrong fix of `spawn-pitfall`: when a child fails, main prints its square itself. The
//! output looks whole, but no child ever ran its task: they still die at start-up.
//!
//! Exercise `spawn-pitfall` (multiprocessing lesson, cell `spawn-pitfall`; notebook In [6] error:
//! `AttributeError: Can't get attribute 'showSquare' on <module '__main__' (built-in)>`).
//!
//! Main starts three children with the `Spawn` start method: each is this binary started
//! again, told the name of the task to run, which it looks up in the binary's registry
//! (Python's spawned child imports its target by module and name). Every child dies at
//! start-up, unable to find `show_square`, and main sees exit code 1. Make every child run
//! its task. Judge it with `cargo xtask exercise spawn-pitfall`.
//!
//! The same bug in Python (the notebook defined `showSquare` in an interactive session):
//!
//! ```python
//! def showSquare(n): print(n * n)      # typed into the REPL: not importable
//! mp.set_start_method("spawn")
//! p = Process(target=showSquare, args=(3,)); p.start(); p.join()
//! # AttributeError: Can't get attribute 'showSquare' on <module '__main__' (built-in)>
//! ```

use std::process::ExitCode;

use anyhow::Context;
use exercises::lab;
use interleaving::{Actor, kinds};
use multiprocessing::spawn::Registry;
use multiprocessing::{Process, Task, show_square};

const CHILDREN: u64 = 3;

/// The notebook's `showSquare`, as a task a spawned child can look up by its name.
static SHOW_SQUARE: Task<u64> = Task::new("show_square", |n| show_square(n, 0));

/// Announces the child's start, a task the registry does have.
static HELLO: Task<String> = Task::new("hello", |name| Actor::new(name).print("hello"));

/// The tasks a spawned child of this binary can find by name (Python: what the child can
/// import from `__main__`).
static REGISTRY: &Registry = &[&HELLO];

fn main() -> ExitCode {
    // A spawned child runs its task here, and exits; only the parent goes on.
    multiprocessing::dispatch(REGISTRY);
    lab::run(
        "multiprocessing",
        "spawn-pitfall",
        &[("children", &CHILDREN)],
        run,
    )
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let mut procs = Vec::new();
    for n in 1..=CHILDREN {
        let mut p = Process::spawn(format!("child-{n}"), &SHOW_SQUARE, &n)?;
        p.start()
            .with_context(|| format!("spawning {}", p.name()))?;
        main.emit(kinds::START, p.name());
        procs.push(p);
    }
    for (n, p) in (1..).zip(&mut procs) {
        p.join().with_context(|| format!("joining {}", p.name()))?;
        main.emit(kinds::JOIN, p.name());
        let code = p.exitcode().unwrap_or(-1);
        main.print(format!("{} exitcode={code}", p.name()));
        if code != 0 {
            // The child could not do it: do it here instead, so every square is printed.
            show_square(n, 0);
        }
    }
    Ok(())
}
