//! The coroutines lesson: not written yet (issue #6).
//!
//! Run it with `cargo run -p coroutines`; it says so and exits 0.

use clap::Parser;
use interleaving::LessonArgs;

/// The coroutines lesson (not written yet).
#[derive(Parser)]
#[command(version, about)]
struct Args {
    #[command(flatten)]
    lesson: LessonArgs,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    interleaving::emit::set_mode(if args.lesson.trace {
        interleaving::Mode::Trace
    } else {
        interleaving::Mode::Text
    });
    interleaving::emit::narrate("The coroutines lesson is not written yet (issue #6).");
    std::process::ExitCode::SUCCESS
}
