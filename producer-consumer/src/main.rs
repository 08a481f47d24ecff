//! The producer-consumer lesson: the notebook's cells `In [13]` to `In [19]`, narrated and checked,
//! and four cells of our own.
//!
//! Run it with `cargo run -p producer-consumer` (`--trace` for JSON Lines, `--list` for the
//! cells, `--cell N` for one, `--forever` for the endless consumer, stopped by Ctrl-C). Look
//! for "Published"/"Consumed" lines interleaving (sometimes torn, as in the notebook), the
//! consumer ending after the shutdown, and the bounded queue holding the producer back.

use interleaving::{LessonCli, Mode, emit};
use producer_consumer::cells::{Knobs, LESSON};

fn main() -> std::process::ExitCode {
    let args = LESSON.parse::<LessonCli<Knobs>>();
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
