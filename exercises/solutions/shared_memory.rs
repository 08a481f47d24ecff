//! Solution of `shared-memory` (multiprocessing lesson, cell `separate-memory`; notebook
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

use anyhow::Context;
use exercises::lab;
use interleaving::{Actor, kinds};
use multiprocessing::{Process, Queue};

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
    // A pipe the children write to and main reads from: it outlives each child's memory.
    let squares: Queue<u64> = Queue::new().context("making the queue")?;
    let mut procs: Vec<Process> = Vec::new();
    for n in 1..=CHILDREN {
        let squares = squares.try_clone().context("sharing the queue")?;
        procs.push(Process::new(format!("child-{n}"), move || {
            Actor::new(format!("child-{n}")).print(format!("{n} squared is {}", n * n));
            let _ = squares.put(&(n * n));
        }));
    }
    for p in &mut procs {
        p.start()
            .with_context(|| format!("starting {}", p.name()))?;
        main.emit(kinds::START, p.name());
    }
    for p in &mut procs {
        p.join().with_context(|| format!("joining {}", p.name()))?;
        main.emit(kinds::JOIN, p.name());
    }
    let mut sum = 0;
    for _ in 0..CHILDREN {
        sum += squares.get().context("reading a square")?;
    }
    main.print(format!("sum of squares = {sum}"));
    Ok(())
}
