//! The multiprocessing lesson: not written yet (issue #4).
//!
//! Run it with `cargo run -p multiprocessing`; it says so and exits 0.

use clap::Parser;
use interleaving::LessonArgs;

/// The multiprocessing lesson (not written yet).
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
    interleaving::emit::narrate("The multiprocessing lesson is not written yet (issue #4).");
    std::process::ExitCode::SUCCESS
}
