//! The threading lesson: the notebook's cells In [7] to In [12], narrated and checked.
//!
//! Run it with `cargo run -p threading` (add `--trace` for JSON Lines, `--list` for the cells,
//! `--cell N` for one). Look for the two threads' lines landing anywhere around the first
//! "Hello", sometimes torn in the middle, and the second "Hello" always last; then lines torn
//! and not torn, a racy counter losing updates next to two exact ones, the measured speedup
//! with no GIL, a panicking thread that main survives, and Python's `Lock`, `Condition`,
//! `Event`, `Semaphore`, `Barrier` and `join(timeout)` in Rust.

use threading::cells::LESSON;

fn main() -> std::process::ExitCode {
    LESSON.main()
}
