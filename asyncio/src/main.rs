//! The asyncio lesson: the notebook ends at "`AsyncIO` - Available after Python 3.7+"; this is
//! that lesson, on tokio, each claim checked in the trace.
//!
//! Run it with `cargo run -p asyncio` (add `--trace` for JSON Lines, `--list` for the cells,
//! `--cell N` for one, `--clients 1000` for a bigger crowd at the echo server, `--serve` to keep
//! the server up until Ctrl-C). Look for the gathered sleeps taking one sleep's time, gather's
//! results in argument order whatever the finishing order, and the ticker frozen by a blocking
//! call.

use asyncio::cells::{Knobs, LESSON, SERVER};
use clap::error::ErrorKind;
use interleaving::LessonCli;

fn main() -> std::process::ExitCode {
    let args = LESSON.parse::<LessonCli<Knobs>>();
    // `--serve --cell 1` would run the first cell and start no server: refuse it as clap
    // refuses any other pair of flags that do not go together.
    if args.knobs.serve
        && let Some(cell) = &args.lesson.cell
        && LESSON.find(cell).ok().map(|(_, c)| c.name) != Some(SERVER)
    {
        LESSON
            .command::<LessonCli<Knobs>>()
            .error(
                ErrorKind::ArgumentConflict,
                format!(
                    "--serve keeps the echo server up: it goes with the whole lesson or with \
                     '--cell {SERVER}', not with '--cell {cell}'"
                ),
            )
            .exit();
    }
    interleaving::cli::exit_code(LESSON.run(&args.lesson, &args.knobs))
}
