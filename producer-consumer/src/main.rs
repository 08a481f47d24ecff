//! The producer-consumer lesson: the notebook's cells `In [13]` to `In [19]`, narrated and checked,
//! and four cells of our own.
//!
//! Run it with `cargo run -p producer-consumer` (`--trace` for JSON Lines, `--list` for the
//! cells, `--cell N` for one, `--forever` for the endless consumer, stopped by Ctrl-C). Look
//! for "Published"/"Consumed" lines interleaving (sometimes torn, as in the notebook), the
//! consumer ending after the shutdown, and the bounded queue holding the producer back.

use clap::Parser;
use interleaving::{LessonArgs, Mode, emit};
use producer_consumer::cells::{Knobs, LESSON};

/// The producer-consumer lesson: Python's queue.Queue built from a mutex, proven, stopped.
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
    let result = if args.knobs.forever {
        emit::set_mode(if args.lesson.trace {
            Mode::Trace
        } else {
            Mode::Text
        });
        producer_consumer::forever::run(&args.knobs)
    } else {
        LESSON.run(&args.lesson, &args.knobs)
    };
    interleaving::cli::exit_code(result)
}
