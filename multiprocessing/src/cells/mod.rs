//! The lesson's cells, in the notebook's order. Each cell's `///` is the notebook's markdown
//! (or, for cells of our own, what it shows), its body the code cell.

use interleaving::{Cell, Lesson, cli::count_in};

mod exit_codes;
mod fork_buffer_trap;
pub mod fork_with_threads;
mod join_waits;
pub(crate) mod pool_map;
mod queue;
mod separate_memory;
mod spawn;
mod spawn_pitfall;
mod start_hello;

/// Knobs a learner can turn.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Knobs")]
pub struct Knobs {
    /// How many children print a square (the notebook: 5).
    #[arg(long, default_value_t = 5, allow_hyphen_values = true, value_parser = count_in(1, 64))]
    pub children: u64,
    /// How long each child works before printing its square, in milliseconds.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true, value_parser = count_in(0, 60_000))]
    pub work_ms: u64,
    /// Worker processes in the Pool cell.
    #[arg(long, default_value_t = 2, allow_hyphen_values = true, value_parser = count_in(1, 64))]
    pub workers: u64,
    /// Size of the Pool cell's CPU job: primes are counted below this, per small item.
    #[arg(long, default_value_t = 60_000, allow_hyphen_values = true, value_parser = count_in(1, 100_000_000))]
    pub job: u64,
    /// Messages the producer process puts in the Queue cell.
    #[arg(long, default_value_t = 5, allow_hyphen_values = true, value_parser = count_in(1, 100_000))]
    pub items: u64,
}

/// The defaults are written once, in the `default_value_t`s above.
impl Default for Knobs {
    fn default() -> Self {
        interleaving::lesson::knob_defaults()
    }
}

/// Cell names, also the `cell` events' values in a trace.
pub const START_HELLO: &str = "start-hello";
/// See [`START_HELLO`].
pub const JOIN_WAITS: &str = "join-waits";
/// See [`START_HELLO`].
pub const SPAWN: &str = "spawn";
/// See [`START_HELLO`].
pub const SPAWN_PITFALL: &str = "spawn-pitfall";
/// See [`START_HELLO`].
pub const EXIT_CODES: &str = "exit-codes";
/// See [`START_HELLO`].
pub const SEPARATE_MEMORY: &str = "separate-memory";
/// See [`START_HELLO`].
pub const FORK_BUFFER: &str = "fork-buffer-trap";
/// See [`START_HELLO`].
pub const FORK_WITH_THREADS: &str = "fork-with-threads";
/// See [`START_HELLO`].
pub const POOL_MAP: &str = "pool-map";
/// See [`START_HELLO`].
pub const QUEUE: &str = "queue";

/// The multiprocessing lesson, cell by cell.
pub const LESSON: Lesson<'static, Knobs> = Lesson {
    name: "multiprocessing",
    intro: "Multiprocessing: real OS processes, each with its own memory, started by fork or spawn.",
    cells: &[
        Cell {
            name: START_HELLO,
            notebook: "In [1]-[5]",
            title: "five processes print squares; \"Hello\" does not wait",
            about: "Five children are forked; each prints its square. The parent prints \"Hello\"\n\
                    right after starting them: the OS decides where it lands among the squares.",
            run: start_hello::run,
        },
        Cell {
            name: JOIN_WAITS,
            notebook: "In [6]",
            title: "join waits: \"Hello World\" comes last",
            about: "The same five children, but the parent joins each one before printing\n\
                    \"Hello World\": it can only come after every square.",
            run: join_waits::run,
        },
        Cell {
            name: SPAWN,
            notebook: "In [5]-[6]",
            title: "the same with spawn: a fresh program per child",
            about: "Spawn runs this binary again for each child and tells it which task to run.\n\
                    In Python a spawned child must start an interpreter first, so \"Hello\" came first;\n\
                    a Rust binary starts in about a millisecond, and the squares often win instead.",
            run: spawn::run,
        },
        Cell {
            name: SPAWN_PITFALL,
            notebook: "In [6] error",
            title: "the spawn pitfall: the child cannot find the function",
            about: "A spawned child finds its function by name. The notebook's showSquare lived in an\n\
                    interactive session, so the child failed with AttributeError. Here: a task the\n\
                    binary did not register. Then the fix: the registered one.",
            run: spawn_pitfall::run,
        },
        Cell {
            name: EXIT_CODES,
            notebook: "new",
            title: "exit codes: return, panic, exit(8), terminate, kill",
            about: "How a child ended, as Python's exitcode shows it: 0, 1 for an uncaught panic\n\
                    (its message goes to stderr), N for exit(N), -SIG when a signal ended it.",
            run: exit_codes::run,
        },
        Cell {
            name: SEPARATE_MEMORY,
            notebook: "new",
            title: "separate memory: a child's changes stay in the child",
            about: "A forked child gets a copy of the parent's memory. It changes its copy of a Vec;\n\
                    the parent's stays as it was. Processes share nothing unless they send it.",
            run: separate_memory::run,
        },
        Cell {
            name: FORK_BUFFER,
            notebook: "new",
            title: "the fork + buffered stdout trap: printed once, shown twice",
            about: "Python buffers print when stdout is a pipe. Fork copies the buffer, so text printed\n\
                    before the fork but not yet flushed comes out twice. Flushing first fixes it.",
            run: fork_buffer_trap::run,
        },
        Cell {
            name: FORK_WITH_THREADS,
            notebook: "new",
            title: "fork in a process with threads: a lock held at the fork is held for ever",
            about: "Python 3.12 warns when a multi-threaded process forks. A lock another thread held\n\
                    at the fork stays held in the child, by nobody. Then the fix: Process::start takes\n\
                    the locks a child needs (stdout's) before forking, so the child finds them free.",
            run: fork_with_threads::run,
        },
        Cell {
            name: POOL_MAP,
            notebook: "new",
            title: "Pool.map on a CPU-bound job: input order kept, real parallelism",
            about: "A pool of worker processes counts primes. The first item is the biggest, so it\n\
                    finishes last; map still returns the results in input order.",
            run: pool_map::run,
        },
        Cell {
            name: QUEUE,
            notebook: "In [13]-[17]",
            title: "a producer process and a consumer process over a Queue",
            about: "The notebook's producer and consumer, as two processes and a pipe between them.\n\
                    A None sentinel tells the consumer to stop, so it ends cleanly.",
            run: queue::run,
        },
    ],
};
