//! The lesson's cells. The notebook stops at "`AsyncIO` - Available after Python 3.7+", so
//! every cell here is new: each maps one asyncio idiom onto tokio and shows, in the trace, the
//! claim it makes. Each cell builds its own runtime and `block_on`s its async code, which is
//! also how cells can compare a `current_thread` runtime with a `multi_thread` one.

use interleaving::cli::count_in;
use interleaving::{Cell, Lesson};

mod blocking;
mod determinism;
mod gather;
mod lazy;
mod queue;
mod semaphore;
mod server;
mod sleeps;
mod task_group;
mod wait_for;

/// Knobs a learner can turn. The defaults keep the whole lesson near one second.
#[derive(Debug, Clone, clap::Args)]
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
    /// Items each of the two producers puts in the queue.
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
    /// Keep the echo server running after its clients are done, until Ctrl-C.
    #[arg(long)]
    pub serve: bool,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            tasks: 10,
            sleep_ms: 30,
            workers: 8,
            permits: 3,
            items: 20,
            capacity: 4,
            clients: 100,
            port: 0,
            serve: false,
        }
    }
}

/// Cell 1: coroutines are lazy; `asyncio.run` is `block_on`; the two runtimes.
pub const LAZY: &str = "lazy-coroutines";
/// Cell 2: N tasks sleeping d together take about d.
pub const SLEEPS: &str = "concurrent-sleeps";
/// Cell 3: `create_task` and `gather`, results in argument order.
pub const GATHER: &str = "gather";
/// Cell 4: `wait_for` is `timeout`; cancellation is dropping.
pub const WAIT_FOR: &str = "wait-for";
/// Cell 5: a `Semaphore` bounds concurrency.
pub const SEMAPHORE: &str = "semaphore";
/// Cell 6: `asyncio.Queue` is a bounded `mpsc` channel.
pub const QUEUE: &str = "queue";
/// Cell 7: blocking inside a task stalls the loop; `spawn_blocking` is `to_thread`.
pub const BLOCKING: &str = "blocking-trap";
/// Cell 8: `TaskGroup` cancels the siblings of a failed task.
pub const TASK_GROUP: &str = "task-group";
/// Cell 9: one thread is deterministic; a thread pool need not be.
pub const DETERMINISM: &str = "determinism";
/// Cell 10: `start_server` as a TCP echo server.
pub const SERVER: &str = "echo-server";

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
            run: lazy::run,
        },
        Cell {
            name: SLEEPS,
            notebook: "new",
            title: "N sleeps of d: N*d one after another, about d together",
            about: "Awaiting sleeps one by one adds them up. Spawned together, the waits overlap:\n\
                    while one task sleeps the loop runs the others, so the total is about one sleep.",
            run: sleeps::run,
        },
        Cell {
            name: GATHER,
            notebook: "new",
            title: "create_task is tokio::spawn; gather keeps argument order",
            about: "The tasks finish in reverse order, yet gather returns their results in the order\n\
                    they were passed. With return_exceptions=True a failure takes its place in the\n\
                    list; in Rust that is simply a Vec of Results. A JoinSet is as_completed.",
            run: gather::run,
        },
        Cell {
            name: WAIT_FOR,
            notebook: "new",
            title: "wait_for is tokio::time::timeout; cancelling is dropping",
            about: "timeout() drops the future it gave up on, so its cleanup (a Drop guard, Python's\n\
                    finally:) runs at once. A spawned task is different: timing out on its handle\n\
                    only stops waiting, and the task keeps running until abort(). Last, what\n\
                    \"cancellation-safe\" means: a future dropped after taking an item loses it.",
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
            title: "asyncio.Queue is a bounded mpsc channel; the consumer ends when senders drop",
            about: "Two producers put into a small queue (a full queue makes them wait: backpressure),\n\
                    one consumer gets. No sentinel is needed: when every sender is dropped, recv()\n\
                    returns None and the consumer's loop ends, with nothing lost.",
            run: queue::run,
        },
        Cell {
            name: BLOCKING,
            notebook: "new",
            title: "std::thread::sleep in a task stalls the loop; spawn_blocking is to_thread",
            about: "A ticker ticks every 5 ms. A task that blocks its thread (time.sleep in Python,\n\
                    std::thread::sleep here) freezes the one-thread runtime: no tick at all until it\n\
                    returns. Moved to spawn_blocking (asyncio.to_thread), the ticks go on.",
            run: blocking::run,
        },
        Cell {
            name: TASK_GROUP,
            notebook: "new",
            title: "TaskGroup is a JoinSet that aborts on the first error",
            about: "One task fails; its two siblings, still sleeping, are cancelled (their cleanup\n\
                    runs), and only then does the group raise.",
            run: task_group::run,
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
            run: server::run,
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
