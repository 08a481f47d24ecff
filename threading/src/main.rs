//! The threading lesson: the notebook's cells In [7] to In [12], narrated and checked.
//!
//! Run it with `cargo run -p threading` (add `--trace` for JSON Lines, `--list` for the cells,
//! `--cell N` for one). Look for the two threads' lines landing anywhere around the first
//! "Hello", sometimes torn in the middle, and the second "Hello" always last.

use clap::Parser;
use interleaving::LessonArgs;
use threading::cells::{Knobs, LESSON};

/// The threading lesson: threads share stdout and memory, and join waits.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    #[command(flatten)]
    lesson: LessonArgs,
    #[command(flatten)]
    knobs: Knobs,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    interleaving::cli::exit_code(LESSON.run(&args.lesson, &args.knobs))
}
