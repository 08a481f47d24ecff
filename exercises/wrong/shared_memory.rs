//! A wrong fix of `shared-memory`: a global instead of an `Arc`. It is still the
//! child's own copy of the global, in its own memory.
//!
//! Exercise `shared-memory` (multiprocessing lesson, cell `separate-memory`; notebook
//! In [1]-[6]: `Process(target=showSquare)`).
//!
//! Three child processes each compute a square and add it to a shared list; main joins them
//! and prints the sum. It prints 0: a child is a copy of the parent, so each one appended to
//! its own copy of the list. Get the squares back to main. Judge it with
//! `cargo xtask exercise shared-memory`.
//!
//! The same bug in Python:
//!
//! ```python
//! squares = []
//! def work(n): squares.append(n * n)   # the child's own copy of `squares`
//! procs = [Process(target=work, args=(n,)) for n in (1, 2, 3)]
//! ...
//! print("sum of squares =", sum(squares))   # 0
//! ```

use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::Context;
use exercises::lab;
use interleaving::{Actor, kinds};
use multiprocessing::Process;

const CHILDREN: u64 = 3;

fn main() -> ExitCode {
    lab::run(
        "multiprocessing",
        "shared-memory",
        &[("children", &CHILDREN)],
        run,
    )
}

fn run(main: &Actor) -> anyhow::Result<()> {
    static SQUARES: Mutex<Vec<u64>> = Mutex::new(Vec::new());
    let squares = &SQUARES;
    let mut procs: Vec<Process> = (1..=CHILDREN)
        .map(|n| {
            Process::new(format!("child-{n}"), move || {
                Actor::new(format!("child-{n}")).print(format!("{n} squared is {}", n * n));
                squares
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(n * n);
            })
        })
        .collect();
    for p in &mut procs {
        p.start()
            .with_context(|| format!("starting {}", p.name()))?;
        main.emit(kinds::START, p.name());
    }
    for p in &mut procs {
        p.join().with_context(|| format!("joining {}", p.name()))?;
        main.emit(kinds::JOIN, p.name());
    }
    let sum: u64 = squares
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .sum();
    main.print(format!("sum of squares = {sum}"));
    Ok(())
}
