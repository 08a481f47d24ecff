//! The lesson's cells. The notebook stops at "`AsyncIO` - Available after Python 3.7+", so
//! every cell here is new: each maps one asyncio idiom onto tokio and shows, in the trace, the
//! claim it makes. Each cell builds its own runtime and `block_on`s its async code, which is
//! also how cells can compare a `current_thread` runtime with a `multi_thread` one.

use interleaving::cli::count_in;
use interleaving::{Cell, Lesson};

mod blocking_trap;
mod concurrent_sleeps;
mod determinism;
mod echo_server;
mod gather;
mod lazy_coroutines;
pub(crate) mod queue;
pub(crate) mod queue_family;
pub(crate) mod queue_join;
mod semaphore;
mod task_group;
mod task_group_failure;
mod wait_for;

/// Knobs a learner can turn. The defaults keep the whole lesson near one second.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Knobs")]
pub struct Knobs {
    /// Tasks in the sleeps cell (N): each sleeps --sleep-ms.
    #[arg(long, default_value_t = 10, allow_hyphen_values = true,
          value_parser = count_in(1, 1000))]
    pub tasks: u64,
    /// How long each task of the sleeps cell sleeps, in ms (d).
    #[arg(long, default_value_t = 30, allow_hyphen_values = true,
          value_parser = count_in(1, 1000))]
    pub sleep_ms: u64,
    /// Tasks contending for the semaphore.
    #[arg(long, default_value_t = 8, allow_hyphen_values = true,
          value_parser = count_in(1, 1000))]
    pub workers: u64,
    /// Semaphore permits (K): never more than K tasks inside at once.
    #[arg(long, default_value_t = 3, allow_hyphen_values = true,
          value_parser = count_in(1, 1000))]
    pub permits: u64,
    /// Items each of the two producers puts in the queue (in queue-family: in each queue).
    #[arg(long, default_value_t = 20, allow_hyphen_values = true,
          value_parser = count_in(1, 100_000))]
    pub items: u64,
    /// Queue capacity (asyncio.Queue(maxsize)): a full queue makes producers wait.
    #[arg(long, default_value_t = 4, allow_hyphen_values = true,
          value_parser = count_in(1, 10_000))]
    pub capacity: u64,
    /// Concurrent clients of the echo server (try 1000).
    #[arg(long, default_value_t = 100, allow_hyphen_values = true,
          value_parser = count_in(1, 5000))]
    pub clients: u64,
    /// Port the echo server listens on, on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true,
          value_parser = count_in(0, 65535))]
    pub port: u64,
    /// Keep the echo server running after its clients are done, until Ctrl-C (with the whole
    /// lesson, or with --cell echo-server).
    #[arg(long, conflicts_with = "list")]
    pub serve: bool,
    /// The echo server closes a connection idle (no line begun) for this long.
    #[arg(long, default_value_t = 10_000, allow_hyphen_values = true,
          value_parser = count_in(10, 3_600_000))]
    pub idle_ms: u64,
    /// The tokio runtime of the gather, wait-for, queue and task-group cells: `current`
    /// (one thread, asyncio's model) or `multi` (two worker threads).
    #[arg(long, value_enum, default_value_t = crate::Flavour::Current)]
    pub runtime: crate::Flavour,
}

/// The defaults are written once, in the `default_value_t`s above.
impl Default for Knobs {
    fn default() -> Self {
        interleaving::lesson::knob_defaults()
    }
}

/// Cell 1: coroutines are lazy; `asyncio.run` is `block_on`; the two runtimes.
pub const LAZY: &str = "lazy-coroutines";
/// Cell 2: N tasks sleeping d together take about d.
pub const SLEEPS: &str = "concurrent-sleeps";
/// Cell 3: `gather` (fail-fast and `return_exceptions`), `as_completed`.
pub const GATHER: &str = "gather";
/// Cell 4: `wait_for` with Python's edge cases; cancellation is dropping.
pub const WAIT_FOR: &str = "wait-for";
/// Cell 5: a `Semaphore` bounds concurrency.
pub const SEMAPHORE: &str = "semaphore";
/// Cell 6: `asyncio.Queue(maxsize)`: producers and consumers, backpressure, `shutdown`.
pub const QUEUE: &str = "queue";
/// Cell 8: blocking inside a task stalls the loop; `spawn_blocking` is `to_thread`.
pub const BLOCKING: &str = "blocking-trap";
/// Cell 9: `TaskGroup`: results, one child cancelled on purpose, the owner cancelled.
pub const TASK_GROUP: &str = "task-group";
/// Cell 10: a `TaskGroup` child fails: siblings and body cancelled, every failure listed.
pub const TASK_GROUP_FAILURE: &str = "task-group-failure";
/// Cell 7: the notebook's producer/consumer on `asyncio.Queue`: `task_done`, `join`, `shutdown`.
pub const QUEUE_JOIN: &str = "queue-join";
/// Cell 11: one thread is deterministic; a thread pool need not be.
pub const DETERMINISM: &str = "determinism";
/// Cell 12: `start_server` as a TCP echo server.
pub const SERVER: &str = "echo-server";
/// Cell 13: `LifoQueue` and `PriorityQueue`: the same `put` and `get`, another order.
pub const QUEUE_FAMILY: &str = "queue-family";

/// The asyncio lesson, cell by cell.
pub const LESSON: Lesson<'static, Knobs> = Lesson {
    name: "asyncio",
    intro: "asyncio on tokio: one thread can wait for many things at once, if nobody blocks it.",
    cells: &[
        Cell {
            name: LAZY,
            notebook: "new",
            title: "calling an async fn runs nothing; block_on is asyncio.run",
            about: "A coroutine object does nothing until awaited; a Rust future neither (and the\n\
                    compiler warns if you forget: futures are #[must_use]). Then: which thread runs\n\
                    a spawned task on each of tokio's two runtimes.",
            run: lazy_coroutines::run,
        },
        Cell {
            name: SLEEPS,
            notebook: "new",
            title: "N sleeps of d: N*d one after another, about d together",
            about: "Awaiting sleeps one by one adds them up. Spawned together, the waits overlap:\n\
                    while one task sleeps the loop runs the others, so the total is about one sleep.",
            run: concurrent_sleeps::run,
        },
        Cell {
            name: GATHER,
            notebook: "new",
            title: "gather: argument order, fail-fast or return_exceptions; as_completed",
            about: "The tasks finish in reverse order, yet gather returns their results in the order\n\
                    they were passed. The first error reaches the caller at once (the others run on);\n\
                    with return_exceptions=True it takes its place in the list. Cancelling the task\n\
                    that awaits gather cancels the children. as_completed gives completion order.",
            run: gather::run,
        },
        Cell {
            name: WAIT_FOR,
            notebook: "new",
            title: "wait_for: the timed-out work is cancelled, and cleaned up, before TimeoutError",
            about: "wait_for drops the future it gave up on, so its cleanup (a Drop guard, Python's\n\
                    finally:) has run when TimeoutError returns; on a task it aborts the task and\n\
                    waits for it to end. A timeout of 0 never starts a coroutine. A bare tokio\n\
                    timeout on a task's handle only stops waiting. Last, cancellation safety: a\n\
                    future dropped after taking an item loses it; Queue.get loses nothing.",
            run: wait_for::run,
        },
        Cell {
            name: SEMAPHORE,
            notebook: "new",
            title: "a Semaphore of K permits: never more than K inside",
            about: "Workers take a permit before the guarded part and give it back after; the trace\n\
                    shows every enter and leave, and the check counts who was inside at each line.",
            run: semaphore::run,
        },
        Cell {
            name: QUEUE,
            notebook: "new",
            title: "asyncio.Queue(maxsize): two producers, two consumers, ended by shutdown()",
            about: "Two producers put into a small queue (a full queue makes them wait: backpressure),\n\
                    two consumers get. When the producers are done, main calls shutdown(): the\n\
                    consumers still get what is left, then QueueShutDown ends their loops.",
            run: queue::run,
        },
        Cell {
            name: QUEUE_JOIN,
            notebook: "new",
            title: "the notebook's producer/consumer on asyncio.Queue: task_done, join, shutdown",
            about: "A producer puts the items, workers get and process them, calling task_done()\n\
                    for each. q.join() returns once every item is done; then shutdown() ends the\n\
                    workers (no sentinel per worker, as the notebook needed).",
            run: queue_join::run,
        },
        Cell {
            name: BLOCKING,
            notebook: "new",
            title: "std::thread::sleep in a task stalls the loop; spawn_blocking is to_thread",
            about: "A ticker ticks every 5 ms. A task that blocks its thread (time.sleep in Python,\n\
                    std::thread::sleep here) freezes the one-thread runtime: no tick at all until it\n\
                    returns. Moved to spawn_blocking (asyncio.to_thread), the ticks go on.",
            run: blocking_trap::run,
        },
        Cell {
            name: TASK_GROUP,
            notebook: "new",
            title: "TaskGroup: no child outlives the group",
            about: "The group waits for every child; one child cancelled on purpose (task.cancel())\n\
                    does not fail it. Then the task that owns a group is cancelled: its children\n\
                    are cancelled (their cleanup runs) before the owner is seen cancelled.",
            run: task_group::run,
        },
        Cell {
            name: TASK_GROUP_FAILURE,
            notebook: "new",
            title: "a TaskGroup child fails: sibling and body cancelled, every failure listed",
            about: "Two children raise at once; the sibling still sleeping and the body are\n\
                    cancelled in that same step (their cleanup runs), and the group raises an\n\
                    ExceptionGroup listing both failures, not only the first.",
            run: task_group_failure::run,
        },
        Cell {
            name: DETERMINISM,
            notebook: "new",
            title: "current_thread: the same interleaving every run; multi_thread: it may vary",
            about: "Three tasks take three steps each, yielding in between. On one thread they take\n\
                    turns the same way every round (checked); on a thread pool the order may change\n\
                    from round to round (counted, not asserted: it is up to the OS scheduler).",
            run: determinism::run,
        },
        Cell {
            name: SERVER,
            notebook: "new",
            title: "start_server: a TCP echo server on 127.0.0.1 and its concurrent clients",
            about: "One task per connection. The clients all connect at once and each gets its own\n\
                    line back; a client sending garbage and one leaving mid-line crash nothing.\n\
                    Shutdown (when the clients are done, or on Ctrl-C) finishes every echo in flight.",
            run: echo_server::run,
        },
        Cell {
            name: QUEUE_FAMILY,
            notebook: "new",
            title: "LifoQueue and PriorityQueue: the same put and get, another order",
            about: "Main puts 3 1 4 0 2 and gets them back: last in first out, then smallest first.\n\
                    Then two producers and two consumers share each queue at once; the order they\n\
                    see varies, and the checker decides it is still a stack's, a heap's.",
            run: queue_family::run,
        },
    ],
};

/// Microseconds, for `elapsed` events.
fn micros(d: std::time::Duration) -> u128 {
    d.as_micros()
}

/// Milliseconds with one decimal, for printing.
fn ms(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
