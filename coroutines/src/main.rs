//! The coroutines lesson: the notebook's cells In \[20\] to In \[32\], then four cells of our own
//! (priming, a running average, a pipeline, a round-robin scheduler), narrated and checked.
//!
//! Run it with `cargo run -p coroutines` (add `--trace` for JSON Lines, `--list` for the
//! cells, `--cell N` for one). Look for the `>>>` lines of the Python session each cell
//! replays, and for the output, which is the same on every run: one thread, one order.

use clap::Parser;
use coroutines::cells::{Knobs, LESSON};
use interleaving::LessonArgs;

/// The coroutines lesson: generators that pause, take values in, and stop when closed.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    #[command(flatten)]
    lesson: LessonArgs,
    #[command(flatten)]
    knobs: Knobs,
}

fn main() -> std::process::ExitCode {
    let args = interleaving::cli::parse::<Args>();
    interleaving::cli::exit_code(LESSON.run(&args.lesson, &args.knobs))
}
