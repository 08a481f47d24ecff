//! Exercise `never-joined` (multiprocessing lesson, cell `join-waits`; notebook In [1]-[6]).
//!
//! Main starts three child processes, each printing its square, then prints "Hello World".
//! The notebook's claim is that "Hello World" comes after every child's output, but nothing
//! here waits for the children: when their work takes a moment, main is first. Make "Hello
//! World" come last. Judge it with `cargo xtask exercise never-joined`.
//!
//! The same bug in Python:
//!
//! ```python
//! procs = [Process(target=showSquare, args=(n,)) for n in (1, 2, 3)]
//! for p in procs: p.start()
//! print("Hello World")     # the children may not have printed yet
//! ```

use std::process::ExitCode;

use anyhow::Context;
use exercises::lab;
use interleaving::{Actor, kinds};
use multiprocessing::{Process, show_square};

const CHILDREN: u64 = 3;

fn main() -> ExitCode {
    lab::run(
        "multiprocessing",
        "never-joined",
        &[("children", &CHILDREN), ("work_ms", &0)],
        run,
    )
}

/// A child's work: a moment of real work (the judge decides how long), then its square.
fn child(n: u64) {
    lab::slow();
    show_square(n, 0);
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let mut procs: Vec<Process> = (1..=CHILDREN)
        .map(|n| Process::new(format!("child-{n}"), move || child(n)))
        .collect();
    for p in &mut procs {
        p.start()
            .with_context(|| format!("starting {}", p.name()))?;
        main.emit(kinds::START, p.name());
    }
    main.print("Hello World");
    Ok(())
}
