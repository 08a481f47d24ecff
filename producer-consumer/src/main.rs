//! The producer-consumer lesson: not written yet (issue #5).
//!
//! Run it with `cargo run -p producer-consumer`; it says so and exits 0.

use clap::Parser;
use interleaving::LessonArgs;

/// The producer-consumer lesson (not written yet).
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
    interleaving::emit::narrate("The producer-consumer lesson is not written yet (issue #5).");
    std::process::ExitCode::SUCCESS
}
