//! A wrong fix of `zombies`: one sweep of `is_alive` (Python's `active_children()`), which
//! reaps the children that have ended, made right after starting them, before any has.
//!
//! Exercise `zombies` (multiprocessing lesson, cell `join-waits`; notebook In [1]-[6]).
//!
//! Main is a server: it starts a child process for each request (here three, each printing
//! its square) and goes on serving. Nothing waits for the children, so each one that has
//! exited stays in the process table as a zombie (`<defunct>` in `ps`) until its parent waits
//! for it; a server that runs for days fills the table. The judge looks at every child once
//! it has ended. Leave no zombie behind. Judge it with `cargo xtask exercise zombies`.
//!
//! The same bug in Python:
//!
//! ```python
//! for n in (1, 2, 3):
//!     Process(target=showSquare, args=(n,)).start()
//! serve_forever()          # ps shows the children as <defunct>
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
        "zombies",
        &[("children", &CHILDREN), ("work_ms", &0)],
        run,
    )
}

/// A child's work: a moment of real work (the judge decides how long), then its square.
fn child(n: u64) {
    lab::slow();
    show_square(n, 0);
}

/// Main goes on serving, its children's ends behind it: the judge looks at them here.
fn serve(main: &Actor, procs: &[Process]) {
    let children: Vec<(String, u32)> = procs
        .iter()
        .filter_map(|p| Some((p.name().to_owned(), p.pid()?)))
        .collect();
    exercises::zombies::look_at_children(main, &children);
    main.print("serving");
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
    // Reap whatever has ended (Python: `active_children()`, which does this): once, while
    // the children are still at work, so nothing has ended yet.
    for p in &mut procs {
        p.is_alive()
            .with_context(|| format!("polling {}", p.name()))?;
    }
    serve(main, &procs);
    Ok(())
}
