//! The lesson's cells, in the notebook's order, then the cells of our own. Each cell's `///`
//! is the notebook's markdown (or ours), its body the code cell.

use interleaving::cli::count_in;
use std::sync::LazyLock;

use interleaving::{Actor, Cell, Lesson};

mod barrier;
mod condition;
mod event;
mod join_timeout;
mod lock;
mod no_gil;
mod python_errors;
mod rlock;
mod scope_name_panic;
mod semaphore;
mod shared_counter;
mod square_cube;
mod torn_lines;

pub use scope_name_panic::panic_message;

/// The main thread's one actor, shared by every cell: an actor's `seq` must run 0, 1, 2...
/// through the whole trace (the `per-actor-order` rule every trace gets), so main must not start again at
/// 0 in each cell.
pub fn main_actor() -> &'static Actor {
    static MAIN: LazyLock<Actor> = LazyLock::new(|| Actor::new("main"));
    &MAIN
}

/// Knobs a learner can turn. The defaults keep the whole lesson around a second.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Knobs")]
pub struct Knobs {
    /// Lines each thread prints in the torn-lines cell.
    #[arg(long, default_value_t = 6, allow_hyphen_values = true,
          value_parser = count_in(1, 10_000))]
    pub lines: u64,
    /// Threads sharing the counter (and the semaphore).
    #[arg(long, default_value_t = 4, allow_hyphen_values = true,
          value_parser = count_in(1, 64))]
    pub threads: u64,
    /// Adds per thread in the shared-counter cell.
    #[arg(long, default_value_t = 100_000, allow_hyphen_values = true,
          value_parser = count_in(1, 100_000_000))]
    pub adds: u64,
    /// Threads for the CPU-bound job (default: one per core).
    #[arg(long, allow_hyphen_values = true, value_parser = count_in(1, 64))]
    pub workers: Option<u64>,
    /// The CPU-bound job: count the primes below this (2000000 for a real measurement).
    #[arg(long, default_value_t = 1_000_000, allow_hyphen_values = true,
          value_parser = count_in(2, 100_000_000))]
    pub primes_below: u64,
}

/// The defaults are written once, in the `default_value_t`s above.
impl Default for Knobs {
    fn default() -> Self {
        interleaving::lesson::knob_defaults()
    }
}

/// Name of the cell with the notebook's square and cube threads.
pub const SQUARE_CUBE: &str = "square-cube";
/// Name of the cell where lines tear (or do not).
pub const TORN_LINES: &str = "torn-lines";
/// Name of the cell with one counter and many threads.
pub const SHARED_COUNTER: &str = "shared-counter";
/// Name of the cell with the CPU-bound job and its speedup.
pub const NO_GIL: &str = "no-gil";
/// Name of the cell with scoped, named and panicking threads.
pub const SCOPE_NAME_PANIC: &str = "scope-name-panic";
/// Name of the `Lock` -> `Mutex` cell.
pub const LOCK: &str = "lock";
/// Name of the `Condition` -> `Condvar` cell.
pub const CONDITION: &str = "condition";
/// Name of the `Event` cell.
pub const EVENT: &str = "event";
/// Name of the `Semaphore` cell.
pub const SEMAPHORE: &str = "semaphore";
/// Name of the `Barrier` cell.
pub const BARRIER: &str = "barrier";
/// Name of the `join(timeout)` cell.
pub const JOIN_TIMEOUT: &str = "join-timeout";
/// Name of the cell listing Python's run-time errors that Rust refuses to compile.
pub const PYTHON_ERRORS: &str = "python-errors";
/// Name of the `RLock` cell.
pub const RLOCK: &str = "rlock";

/// The threading lesson, cell by cell.
pub const LESSON: Lesson<'static, Knobs> = Lesson {
    name: "threading",
    intro: "Threading: threads share memory and stdout, and in Rust they run truly in parallel.",
    cells: &[
        Cell {
            name: SQUARE_CUBE,
            notebook: "In [7]-[12]",
            title: "two threads and a \"Hello\"; join waits",
            about: "t1 prints a square, t2 a cube, while main prints \"Hello\" without waiting: the three\n\
                    can come in any order, and a line printed in pieces can be torn by another thread.\n\
                    Then main joins both and prints \"Hello\" again, always last.",
            run: square_cube::run,
        },
        Cell {
            name: TORN_LINES,
            notebook: "In [11]",
            title: "torn lines: pieces, whole lines, a held lock",
            about: "\"Square:Cube: 4\": Python's print writes a line in pieces, and another thread can\n\
                    write between them. println! writes a line at once; stdout().lock() keeps pieces together.",
            run: torn_lines::run,
        },
        Cell {
            name: SHARED_COUNTER,
            notebook: "new",
            title: "one counter, many threads: Mutex, atomic, racy",
            about: "Threads share memory. Without the GIL they truly run at once, so an unlocked\n\
                    read-then-write loses updates; a Mutex or an atomic fetch_add never does.",
            run: shared_counter::run,
        },
        Cell {
            name: NO_GIL,
            notebook: "new",
            title: "no GIL: a CPU-bound job on every core",
            about: "\"By default python runs cpython, which utilises single thread\". Rust threads run on\n\
                    every core: the same prime count, once on one thread, then split across threads.",
            run: no_gil::run,
        },
        Cell {
            name: SCOPE_NAME_PANIC,
            notebook: "new",
            title: "scoped threads, a named thread, a panicking one",
            about: "thread::scope lets threads borrow local data; Builder names a thread; a panic in a\n\
                    thread comes back from join as Err, and main goes on.",
            run: scope_name_panic::run,
        },
        Cell {
            name: LOCK,
            notebook: "new",
            title: "Lock: with lock:, a panic inside it, a release from another thread",
            about: "Two threads take turns under a Lock: one inside at a time. A panic inside `with lock:`\n\
                    releases it (std's Mutex is poisoned instead); any thread may release a Lock. How it is\n\
                    built: a free lock is taken with one compare-and-swap (threading/src/lock.rs); a taken\n\
                    one is waited for by spinning a moment, then sleeping (threading/src/lock_slow.rs).",
            run: lock::run,
        },
        Cell {
            name: CONDITION,
            notebook: "new",
            title: "Condition: a producer, three consumers, notify(n)",
            about: "The producer puts two items at a time and calls notify(2): exactly two waiting\n\
                    consumers wake (std's Condvar cannot promise that); notify_all() ends them.",
            run: condition::run,
        },
        Cell {
            name: EVENT,
            notebook: "new",
            title: "Event: set(); clear() still wakes every waiter",
            about: "Three threads wait on an Event; main calls set() then clear() at once, and all three\n\
                    return True (CPython's gh-57711 fix). After clear(), wait(0.01) returns False.",
            run: event::run,
        },
        Cell {
            name: SEMAPHORE,
            notebook: "new",
            title: "Semaphore(2): at most two inside",
            about: "Several threads share a Semaphore(2); never more than two hold a permit at once.",
            run: semaphore::run,
        },
        Cell {
            name: BARRIER,
            notebook: "new",
            title: "Barrier(3, action): indices, one action per round, abort()",
            about: "Three threads meet twice: wait() gives each a distinct index 0..2 and the action runs\n\
                    once per round before anyone passes. Then abort() breaks a barrier two threads wait on.",
            run: barrier::run,
        },
        Cell {
            name: JOIN_TIMEOUT,
            notebook: "new",
            title: "join(timeout): give up waiting, try again later",
            about: "join(timeout=0.02) on a thread that is waiting for us returns with it still alive;\n\
                    after we set its event, the next join finds it finished.",
            run: join_timeout::run,
        },
        Cell {
            name: PYTHON_ERRORS,
            notebook: "new",
            title: "Python's run-time errors that Rust does not compile",
            about: "Starting twice, joining twice, using what a thread took, racing on a counter:\n\
                    each is a compile error in Rust (the crate's doctests prove it).",
            run: python_errors::run,
        },
        Cell {
            name: RLOCK,
            notebook: "new",
            title: "RLock: a recursive function takes the lock at every level",
            about: "Two threads recurse three levels deep, each level `with rlock:`: the owner re-enters,\n\
                    the other waits. Releasing an RLock you do not own is an error.",
            run: rlock::run,
        },
    ],
};
