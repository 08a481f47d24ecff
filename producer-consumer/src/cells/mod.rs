//! The lesson's cells, in the notebook's order. Each cell's `///` quotes or paraphrases the
//! notebook's markdown, its body is the code cell.

use std::thread::{Scope, ScopedJoinHandle};

use anyhow::{Context, anyhow};
use interleaving::{Actor, Cell, Lesson, cli::count_in, kinds};

mod backpressure;
pub(crate) mod crossbeam;
mod many_to_many;
mod producer_consumer;
pub(crate) mod task_done_join;
mod two_lanes;

pub use producer_consumer::{consumer, producer};

/// Knobs a learner can turn.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Knobs")]
pub struct Knobs {
    /// Items the producer publishes in cells 1-3 (the notebook's `range(5)`; cell 3 puts at
    /// least 4), and each sender in cell 5.
    #[arg(long, default_value_t = 5, allow_hyphen_values = true,
          value_parser = count_in(1, 100_000))]
    pub items: u64,
    /// Producers in cell 4.
    #[arg(long, default_value_t = 4, allow_hyphen_values = true, value_parser = count_in(1, 64))]
    pub producers: u64,
    /// Consumers in cell 4.
    #[arg(long, default_value_t = 4, allow_hyphen_values = true, value_parser = count_in(1, 64))]
    pub consumers: u64,
    /// Items in all, shared among the producers, in cell 4 (each is one `put` and one `get`
    /// event in the trace; try 100000).
    #[arg(long, default_value_t = 4000, allow_hyphen_values = true,
          value_parser = count_in(1, 10_000_000))]
    pub messages: u64,
    /// How long the slow consumer of cell 3 takes per item, in milliseconds.
    #[arg(long, default_value_t = 2, allow_hyphen_values = true, value_parser = count_in(0, 1000))]
    pub slow_ms: u64,
    /// Instead of the lesson: the notebook's endless producer and consumer, until Ctrl-C
    /// (only --pace-ms and --trace apply to it).
    #[arg(long, conflicts_with_all = ["cell", "list", "items", "producers", "consumers",
                                      "messages", "slow_ms"])]
    pub forever: bool,
    /// With --forever: the producer's pause between two items, in milliseconds.
    #[arg(long, default_value_t = 100, allow_hyphen_values = true, requires = "forever",
          value_parser = count_in(0, 10_000))]
    pub pace_ms: u64,
}

/// The defaults are written once, in the `default_value_t`s above.
impl Default for Knobs {
    fn default() -> Self {
        interleaving::lesson::knob_defaults()
    }
}

/// Cell 1: the notebook's producer and consumer, ended cleanly.
pub const NOTEBOOK: &str = "producer-consumer";
/// Cell 2: `task_done` and `join`.
pub const TASK_DONE: &str = "task-done-join";
/// Cell 3: a bounded queue and a slow consumer.
pub const BACKPRESSURE: &str = "backpressure";
/// Cell 4: many producers, many consumers.
pub const MANY: &str = "many-to-many";
/// Cell 5: the Rust idiom, crossbeam-channel.
pub const CROSSBEAM: &str = "crossbeam";
/// Cell 6: a queue with a lane per producer, caught by the linearizability checker.
pub const LANES: &str = "two-lanes";

/// The bound of cell 3's queue.
pub const BACKPRESSURE_MAXSIZE: usize = 2;

/// The producer-consumer lesson, cell by cell.
pub const LESSON: Lesson<'static, Knobs> = Lesson {
    name: "producer-consumer",
    intro: "Producer and consumer: Python's queue.Queue is a list guarded by a mutex and three\n\
            condition variables. We build it, prove it with loom, and stop the consumer cleanly.",
    cells: &[
        Cell {
            name: NOTEBOOK,
            notebook: "In [13]-[19]",
            title: "a producer publishes 0..n, a consumer consumes them",
            about: "The notebook's consumer loops forever, so its join never returns. Ours stops:\n\
                    after joining the producer, main calls q.shutdown(); the consumer drains the\n\
                    queue and its get() returns Err(ShutDown). Lines may tear, as in the notebook.",
            run: producer_consumer::run,
        },
        Cell {
            name: TASK_DONE,
            notebook: "new",
            title: "task_done() and join(): wait for the work, not the workers",
            about: "Each consumer calls task_done() after handling an item; q.join() returns once\n\
                    every item put has had its task_done, while the consumers still run.",
            run: task_done_join::run,
        },
        Cell {
            name: BACKPRESSURE,
            notebook: "new",
            title: "Queue(maxsize=2) and a slow consumer: put blocks until a get",
            about: "A bounded queue pushes back: put_nowait() fails with Full when 2 items wait,\n\
                    and the blocking put() sleeps until the slow consumer takes one.",
            run: backpressure::run,
        },
        Cell {
            name: MANY,
            notebook: "new",
            title: "P producers x C consumers: nothing lost, nothing twice",
            about: "Several producers and consumers share one queue. Every item arrives exactly\n\
                    once, and each consumer sees each producer's items in the order they were put.",
            run: many_to_many::run,
        },
        Cell {
            name: CROSSBEAM,
            notebook: "new",
            title: "the Rust idiom: crossbeam-channel, closed by dropping the senders",
            about: "A channel ends itself: when the last Sender is dropped, the receivers' loops\n\
                    end. select! waits on several channels at once, with a timeout.",
            run: crossbeam::run,
        },
        Cell {
            name: LANES,
            notebook: "new",
            title: "a lane per producer: every item once, in order per producer, and wrong",
            about: "A queue that keeps one lane per producer passes every check of cell 4, yet\n\
                    hands out b before a although put(a) returned before put(b) began. Handshakes\n\
                    force that order; the linearizability checker names the four operations.",
            run: two_lanes::run,
        },
    ],
};

/// Starts a named scoped thread (Python's `Thread(target=..., name=...).start()`) and
/// records the start; [`join`] is its other half.
fn start<'scope, T: Send + 'scope>(
    s: &'scope Scope<'scope, '_>,
    main: &Actor,
    name: &str,
    f: impl FnOnce() -> T + Send + 'scope,
) -> anyhow::Result<ScopedJoinHandle<'scope, T>> {
    let handle = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn_scoped(s, f)
        .with_context(|| format!("starting thread {name}"))?;
    main.emit(kinds::START, name);
    Ok(handle)
}

/// Joins a scoped thread, turning its panic into an error, and records the join.
fn join<T>(
    main: &Actor,
    name: &str,
    handle: ScopedJoinHandle<'_, anyhow::Result<T>>,
) -> anyhow::Result<T> {
    let out = handle
        .join()
        .map_err(|_| anyhow!("thread {name} panicked"))??;
    main.emit(kinds::JOIN, name);
    Ok(out)
}
