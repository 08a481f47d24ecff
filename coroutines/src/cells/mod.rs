//! The lesson's cells, in the notebook's order, then the cells the lesson adds. Each cell's
//! `///` is the notebook's markdown, its body the code cell; `>>>` lines narrate the Python
//! session the cell replays.

use interleaving::{Cell, Lesson};

mod averager;
mod fancy_name;
mod func2;
mod pipeline;
mod priming;
mod scheduler;

/// Knobs a learner can turn (only the scheduler's: the notebook's cells are exact).
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Knobs")]
pub struct Knobs {
    /// How many tasks the round-robin scheduler runs.
    #[arg(long, default_value_t = 3, allow_hyphen_values = true,
          value_parser = interleaving::cli::count_in(1, 9))]
    pub tasks: u64,
    /// How many steps the first task counts down (each next task one fewer, at least one).
    #[arg(long, default_value_t = 3, allow_hyphen_values = true,
          value_parser = interleaving::cli::count_in(1, 20))]
    pub steps: u64,
}

/// The defaults are written once, in the `default_value_t`s above.
impl Default for Knobs {
    fn default() -> Self {
        interleaving::lesson::knob_defaults()
    }
}

/// Cell 1: `func2()` is a lazy generator object; `next` gets its 5.
pub const FUNC2: &str = "func2";
/// Cell 2: the notebook's `fancy_name`, primed, sent two names, closed.
pub const FANCY_NAME: &str = "fancy-name";
/// Cell 3: what happens when you forget to prime, or `next` a coroutine that wants values.
pub const PRIMING: &str = "priming";
/// Cell 4: a running-average coroutine that returns its result through `StopIteration`.
pub const AVERAGER: &str = "averager";
/// Cell 5: a pipeline of coroutines, source -> grep -> printer.
pub const PIPELINE: &str = "pipeline";
/// Cell 6: a round-robin scheduler of generators as cooperative tasks.
pub const SCHEDULER: &str = "scheduler";

/// The message of the send refused before priming (the priming cell's first output).
pub fn priming_error() -> &'static str {
    "TypeError: can't send non-None value to a just-started generator"
}

/// The pattern the pipeline's grep keeps.
pub fn pipeline_pattern() -> &'static str {
    pipeline::PATTERN
}

/// The coroutines lesson, cell by cell.
pub const LESSON: Lesson<'static, Knobs> = Lesson {
    name: "coroutines",
    intro: "Coroutines: generators that pause at `yield`, take values in with `send`, and stop\n\
            with `close`. Stable Rust has none, so this lesson builds them on stackful coroutines.",
    cells: &[
        Cell {
            name: FUNC2,
            notebook: "In [20]-[21]",
            title: "a generator object is lazy",
            about: "Calling func2() runs none of its body: it makes a generator object, suspended\n\
                    before its first line. next() runs it to its `yield` and hands out func()'s 5.",
            run: func2::run,
        },
        Cell {
            name: FANCY_NAME,
            notebook: "In [27]-[32]",
            title: "yield consumes data: send, then close",
            about: "fancy_name waits at `name = (yield)`. next() primes it, each send() resumes it\n\
                    with a name, close() raises GeneratorExit at the yield so it prints \"Done\".",
            run: fancy_name::run,
        },
        Cell {
            name: PRIMING,
            notebook: "new",
            title: "forgetting to prime, and next() on a consumer",
            about: "A new generator has no `yield` waiting yet, so send(\"Utkarsh\") is refused with\n\
                    Python's TypeError and nothing runs. Later, next() sends None into the body:\n\
                    prefix + None raises inside it, and the generator is finished for good.",
            run: priming::run,
        },
        Cell {
            name: AVERAGER,
            notebook: "new",
            title: "a running average, and a return value",
            about: "A coroutine keeps state between sends: each number sent comes back as the mean\n\
                    so far. Sending None ends it, and its return value rides on StopIteration.",
            run: averager::run,
        },
        Cell {
            name: PIPELINE,
            notebook: "new",
            title: "a pipeline: source -> grep -> printer",
            about: "Coroutines chain: main pushes lines into grep, which passes the ones that\n\
                    match to printer. Closing grep closes printer: GeneratorExit flows downstream.",
            run: pipeline::run,
        },
        Cell {
            name: SCHEDULER,
            notebook: "new",
            title: "round-robin tasks: the idea of an event loop",
            about: "Each task yields to give the turn back; a scheduler resumes them in turn. No\n\
                    task is interrupted, none runs in parallel: asyncio's event loop is this idea,\n\
                    with `await` where these tasks `yield`.",
            run: scheduler::run,
        },
    ],
};
