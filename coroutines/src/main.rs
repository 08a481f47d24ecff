//! The coroutines lesson: the notebook's cells In \[20\] to In \[32\], then four cells of our own
//! (priming, a running average, a pipeline, a round-robin scheduler), narrated and checked.
//!
//! Run it with `cargo run -p coroutines` (add `--trace` for JSON Lines, `--list` for the
//! cells, `--cell N` for one). Look for the `>>>` lines of the Python session each cell
//! replays, and for the output, which is the same on every run: one thread, one order.

use coroutines::cells::LESSON;

fn main() -> std::process::ExitCode {
    LESSON.main()
}
