//! The multiprocessing lesson: the notebook's cells In [1] to In [6], narrated and checked,
//! and what they lead to (spawn, exit codes, Pool, Queue).
//!
//! Run it with `cargo run -p multiprocessing` (add `--trace` for JSON Lines, `--list` for the
//! cells, `--cell N` for one). Look for "Hello" landing anywhere among the squares with fork,
//! usually first with spawn, and "Hello World" always after every square.

use std::io::Write;

use interleaving::LessonCli;
use multiprocessing::cells::{Knobs, LESSON};

fn main() -> std::process::ExitCode {
    // A spawned child is this binary started with a hidden argument: it runs its task and
    // exits here, before the lesson's flags are parsed.
    multiprocessing::dispatch(multiprocessing::tasks::REGISTRY);
    let args = LESSON.parse::<LessonCli<Knobs>>();
    // Ctrl-C (or `kill -INT` to this process only) stops the children in flight, then us.
    if let Err(e) = multiprocessing::install_interrupt_handler() {
        // Not eprintln!: it panics when stderr is full or closed (`2>/dev/full`).
        let _ = writeln!(std::io::stderr(), "warning: cannot handle Ctrl-C: {e}");
    }
    interleaving::cli::exit_code(LESSON.run(&args.lesson, &args.knobs))
}
