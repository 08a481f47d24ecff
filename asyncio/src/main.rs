//! The asyncio lesson: the notebook ends at "`AsyncIO` - Available after Python 3.7+"; this is
//! that lesson, on tokio, each claim checked in the trace.
//!
//! Run it with `cargo run -p asyncio` (add `--trace` for JSON Lines, `--list` for the cells,
//! `--cell N` for one, `--clients 1000` for a bigger crowd at the echo server, `--serve` to keep
//! the server up until Ctrl-C). Look for the gathered sleeps taking one sleep's time, gather's
//! results in argument order whatever the finishing order, and the ticker frozen by a blocking
//! call.

use asyncio::cells::{Knobs, LESSON};
use clap::Parser;
use interleaving::LessonArgs;

/// The asyncio lesson on tokio: tasks, gather, timeouts, semaphores, queues, a TCP server.
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
