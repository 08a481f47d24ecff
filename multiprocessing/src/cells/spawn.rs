//! In [5] and In [6] again, with the `spawn` start method (Python's default on macOS, which
//! is where the notebook's traceback comes from).

use std::time::Instant;

use anyhow::Context;
use interleaving::{Actor, emit, kinds};

use super::Knobs;
use crate::Process;
use crate::tasks::{SHOW_SQUARE, SquareArgs};

/// Spawn starts a fresh copy of the program for each child and tells it, by name, which
/// function to run with which (serialized) arguments. Nothing of the parent's memory comes
/// along. With Python 3.11 a spawned child spends tens of milliseconds starting an interpreter
/// and importing, so the parent's "Hello" came before every square (fork put it mid-way).
/// A Rust binary starts in about a millisecond, and `Command::spawn` returns only once the
/// `exec` succeeded, so here the squares of the first children often come before "Hello"
/// (30 runs of this lesson: "Hello" after 2, 3, 4, 5 of 5 squares 1, 8, 12, 9 times). The
/// property is the same in both languages: "Hello" exactly once, anywhere.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("children", &k.children), ("work_ms", &k.work_ms)]);
    let main = Actor::new("main");
    let t0 = Instant::now();
    let mut procs = Vec::new();
    for n in 1..=k.children {
        let args = SquareArgs {
            n,
            work_ms: k.work_ms,
        };
        // New: the task goes by name (SHOW_SQUARE is registered in this binary's main).
        procs.push(Process::spawn(format!("child-{n}"), &SHOW_SQUARE, &args)?);
    }
    for p in &mut procs {
        p.start()
            .with_context(|| format!("spawning {}", p.name()))?;
        main.emit(kinds::START, p.name());
    }
    main.print("Hello");
    for p in &mut procs {
        p.join().with_context(|| format!("joining {}", p.name()))?;
        main.emit(kinds::JOIN, p.name());
    }
    main.print("Hello World");
    let us = t0.elapsed().as_micros();
    main.emit(crate::kinds::MEASURE, format!("spawn_start_join_us={us}"));
    emit::narrate(&format!(
        "{} children spawned, run and joined in {:.2} ms ({} us each): compare with fork above.",
        k.children,
        us as f64 / 1000.0,
        us / u128::from(k.children)
    ));
    Ok(())
}
