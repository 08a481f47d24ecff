//! The lesson's cells. Each cell's `///` says what it shows, its body is the code; every cell
//! starts its own workers on its own stream (`PREFIX:CELL`) and waits for them all.

use std::path::PathBuf;

use interleaving::linear::{self, consumer_group::XADD};
use interleaving::{Actor, Cell, Lesson, cli::count_in};

use crate::broker::Broker;
use crate::kinds;
use crate::process::Worker;

mod backpressure;
pub mod broker_restart;
mod competing_workers;
mod partition;
pub mod pool_map;
mod stream_queue;
mod worker_dies;

/// Knobs a learner can turn.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Knobs")]
pub struct Knobs {
    /// Items the producer adds in each cell.
    #[arg(long, default_value_t = 6, allow_hyphen_values = true, value_parser = count_in(1, 10_000))]
    pub items: u64,
    /// Worker processes in cells 2-5 (cell 3 starts at least 2: one dies), and in cell 7
    /// (at most 2).
    #[arg(long, default_value_t = 3, allow_hyphen_values = true, value_parser = count_in(1, 16))]
    pub workers: u64,
    /// Milliseconds of work per item (the stand-in for real work).
    #[arg(long, default_value_t = 2, allow_hyphen_values = true, value_parser = count_in(0, 1000))]
    pub work_ms: u64,
    /// Cell 3: the doomed worker dies holding the item it reads in this position.
    #[arg(long, default_value_t = 2, allow_hyphen_values = true, value_parser = count_in(1, 100))]
    pub kill_after: u64,
    /// Cell 3: how long an entry must sit unacknowledged before another worker claims it.
    #[arg(long, default_value_t = 100, allow_hyphen_values = true, value_parser = count_in(1, 10_000))]
    pub min_idle_ms: u64,
    /// Cell 4: the input whose task fails (an input not among 0..items: none fails).
    #[arg(long, default_value_t = 3, allow_hyphen_values = true, value_parser = count_in(0, 10_000))]
    pub fail_at: u64,
    /// Cell 5: the most items added and not yet acknowledged (Python's `maxsize`).
    #[arg(long, default_value_t = 2, allow_hyphen_values = true, value_parser = count_in(1, 1000))]
    pub bound: u64,
    /// How long a worker tries to reach a broker it lost before it gives up (its waits
    /// between tries double up to --min-idle-ms).
    #[arg(long, default_value_t = 10_000, allow_hyphen_values = true, value_parser = count_in(1, 600_000))]
    pub reconnect_ms: u64,
    /// Cells 1-5: entries per round trip (pipelined `XADD`s, `XREADGROUP`/`XAUTOCLAIM`
    /// `COUNT`, a batch's `XACK`s); 1 is one at a time
    // More is fewer round trips, and each entry waits for its batch: a worker holds a batch
    // for `batch * work_ms`, which `--min-idle-ms` must exceed, or live workers' entries are
    // claimed as if they had died (cell 3 shows it).
    #[arg(long, default_value_t = 1, allow_hyphen_values = true, value_parser = count_in(1, 1024))]
    pub batch: u64,
    /// The prefix of every key this lesson uses (`PREFIX:CELL`).
    #[arg(long, default_value = "lab")]
    pub stream: String,
}

/// The defaults are written once, in the `default_value_t`s above.
impl Default for Knobs {
    fn default() -> Self {
        interleaving::lesson::knob_defaults()
    }
}

impl Knobs {
    /// How a worker connects again to a broker that went away (see [`crate::reconnect`]).
    pub fn backoff(&self) -> crate::reconnect::Backoff {
        crate::reconnect::Backoff::new(
            std::time::Duration::from_millis(self.min_idle_ms),
            std::time::Duration::from_millis(self.reconnect_ms),
        )
    }
}

/// What every cell needs: the knobs, the server, and this binary (to start workers with).
#[derive(Debug, Clone)]
pub struct Lab {
    /// The knobs.
    pub knobs: Knobs,
    /// The server's URL (ours, or `--redis`).
    pub url: String,
    /// This binary, started again with `--role worker` for each worker.
    pub exe: PathBuf,
    /// Whether the lesson runs with `--trace` (the workers must too).
    pub trace: bool,
    /// With `--hosts`: the hosts the workers run on (`url` is then the server's socket).
    pub hosts: Option<std::sync::Arc<crate::hosts::Hosts>>,
}

impl Lab {
    /// The stream a cell uses.
    pub fn stream(&self, cell: &str) -> String {
        format!("{}:{cell}", self.knobs.stream)
    }

    /// Connects to `cell`'s stream and makes it ready for a fresh run.
    fn fresh(&self, cell: &str) -> anyhow::Result<Broker> {
        let mut b = Broker::connect(&self.url, &self.stream(cell))?;
        b.prepare()?;
        Ok(b)
    }

    /// Starts a worker on `cell`'s stream; `extra` adds worker-only flags.
    fn worker(
        &self,
        main: &Actor,
        cell: &str,
        name: &str,
        extra: &[&str],
    ) -> anyhow::Result<Worker> {
        let k = &self.knobs;
        // With --hosts, `worker-N` runs on host N (round the hosts), reaching the server by
        // the broker's end of its own cable.
        let on_host = match &self.hosts {
            Some(h) => {
                let k = host_of(name, h.hosts().len());
                Some((h.url_for(k)?, h.wrapper(k)?))
            }
            None => None,
        };
        let url = on_host
            .as_ref()
            .map_or(self.url.clone(), |(u, _)| u.clone());
        let mut args: Vec<String> = vec![
            "--redis".into(),
            url,
            "--cell".into(),
            cell.into(),
            "--stream".into(),
            k.stream.clone(),
            "--work-ms".into(),
            k.work_ms.to_string(),
            "--min-idle-ms".into(),
            k.min_idle_ms.to_string(),
            "--fail-at".into(),
            k.fail_at.to_string(),
            "--reconnect-ms".into(),
            k.reconnect_ms.to_string(),
            "--batch".into(),
            k.batch.to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        if self.trace {
            args.push("--trace".into());
        }
        match &on_host {
            Some((_, via)) => {
                let ip = std::path::Path::new(crate::hosts::ip::PROGRAM);
                Worker::start_via(main, Some((ip, via)), &self.exe, name, &args)
            }
            None => Worker::start(main, &self.exe, name, &args),
        }
    }

    /// Starts `worker-1`..`worker-N` (from `first`).
    fn workers(&self, main: &Actor, cell: &str, first: u64, n: u64) -> anyhow::Result<Vec<Worker>> {
        (first..first + n)
            .map(|i| self.worker(main, cell, &format!("worker-{i}"), &[]))
            .collect()
    }
}

impl Lab {
    /// Starts `worker-FIRST`.. as workers that claim entries left idle for `min_idle_ms`.
    fn workers_claiming(
        &self,
        main: &Actor,
        cell: &str,
        first: u64,
        n: u64,
    ) -> anyhow::Result<Vec<Worker>> {
        (first..first + n)
            .map(|i| self.worker(main, cell, &format!("worker-{i}"), &["--claim"]))
            .collect()
    }
}

impl Lab {
    /// `worker-K` on host K of `hosts` (a cell's own hosts, not the lesson's `--hosts`),
    /// reaching the broker's end of its own cable.
    fn worker_on_host(
        &self,
        hosts: &crate::hosts::Hosts,
        main: &Actor,
        cell: &str,
        k: usize,
        extra: &[&str],
    ) -> anyhow::Result<Worker> {
        let knobs = &self.knobs;
        let mut args: Vec<String> = vec![
            "--redis".into(),
            hosts.url_for(k)?,
            "--cell".into(),
            cell.into(),
            "--stream".into(),
            knobs.stream.clone(),
            "--work-ms".into(),
            knobs.work_ms.to_string(),
            "--min-idle-ms".into(),
            knobs.min_idle_ms.to_string(),
            "--reconnect-ms".into(),
            knobs.reconnect_ms.to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        if self.trace {
            args.push("--trace".into());
        }
        let via = hosts.wrapper(k)?;
        let ip = std::path::Path::new(crate::hosts::ip::PROGRAM);
        Worker::start_via(
            main,
            Some((ip, &via)),
            &self.exe,
            &format!("worker-{k}"),
            &args,
        )
    }
}

/// The host (1..=`n`) a worker named `NAME-N` runs on: N round the hosts; 1 for a name
/// without a number (the `consumer`).
fn host_of(name: &str, n: usize) -> usize {
    let num: usize = name
        .rsplit('-')
        .next()
        .and_then(|d| d.parse().ok())
        .unwrap_or(1);
    (num.max(1) - 1) % n.max(1) + 1
}

/// Records the cell's effective knobs as its first event: properties take their bounds from
/// it, so they hold whatever the flags were.
fn knob(pairs: &[(&str, u64)]) {
    let pairs: Vec<(&str, &dyn std::fmt::Display)> = pairs
        .iter()
        .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
        .collect();
    interleaving::knob::emit(&pairs);
}

/// Python's `q.put(item)`: `adding` before the `XADD` (so every read is seen after it), `add`
/// with the stream id after; between them the `XADD` as `call` and `ret`, for the
/// consumer-group check (`interleaving::linear::consumer_group`).
fn put(producer: &Actor, b: &mut Broker, item: u64) -> anyhow::Result<String> {
    producer.emit(kinds::ADDING, item.to_string());
    linear::call(producer, XADD, item);
    let id = b.put(&item.to_string())?;
    linear::ret(producer, XADD, &id);
    producer.emit(kinds::ADD, format!("{item} {id}"));
    Ok(id)
}

/// [`put`] of many items in one round trip (pipelined `XADD`s): `adding` for each, one `call`
/// and `ret` naming them all (one operation per entry to the consumer-group check), then
/// `add` for each with its id. One item is a plain [`put`].
fn put_many(producer: &Actor, b: &mut Broker, items: &[u64]) -> anyhow::Result<()> {
    if let [one] = items {
        put(producer, b, *one)?;
        return Ok(());
    }
    let texts: Vec<String> = items.iter().map(u64::to_string).collect();
    for t in &texts {
        producer.emit(kinds::ADDING, t);
    }
    linear::call(producer, XADD, texts.join(" "));
    let ids = b.put_many(&texts)?;
    linear::ret(producer, XADD, ids.join(" "));
    for (t, id) in texts.iter().zip(&ids) {
        producer.emit(kinds::ADD, format!("{t} {id}"));
    }
    Ok(())
}

/// The producer's side of the cells whose workers share one group: a fresh stream for `cell`,
/// `workers` workers on it, every item put (each after `before_put`, where backpressure waits
/// for room), then `done`: no end marker, which would stop only one worker, but a flag, and a
/// drained group.
fn feed_workers(
    lab: &Lab,
    main: &Actor,
    cell: &str,
    mut before_put: impl FnMut(&Actor, &mut Broker, u64) -> anyhow::Result<u64>,
) -> anyhow::Result<(Broker, Vec<Worker>)> {
    let k = &lab.knobs;
    let mut b = lab.fresh(cell)?;
    let workers = lab.workers(main, cell, 1, k.workers)?;
    let producer = Actor::new("producer");
    let mut i = 0;
    while i < k.items {
        let room = before_put(&producer, &mut b, i)?.max(1);
        let end = k.items.min(i + k.batch.min(room));
        put_many(&producer, &mut b, &(i..end).collect::<Vec<_>>())?;
        i = end;
    }
    b.set_done()?;
    producer.emit(kinds::DONE, k.items.to_string());
    Ok((b, workers))
}

/// Waits for every worker, in order.
fn join_all(main: &Actor, workers: Vec<Worker>) -> anyhow::Result<()> {
    for w in workers {
        w.join(main)?;
    }
    Ok(())
}

/// Cell 1: a stream as the notebook's queue.
pub const STREAM_QUEUE: &str = "stream-queue";
/// Cell 2: competing workers in one group.
pub const COMPETING_WORKERS: &str = "competing-workers";
/// Cell 3: a worker dies mid-item.
pub const WORKER_DIES: &str = "worker-dies";
/// Cell 4: `Pool.map` over the broker.
pub const POOL_MAP: &str = "pool-map";
/// Cell 5: backpressure.
pub const BACKPRESSURE: &str = "backpressure";

/// Cell 6: a partition.
pub const PARTITION: &str = "partition";

/// Cell 7: the broker restarts.
pub const BROKER_RESTART: &str = "broker-restart";

/// The distributed lesson, cell by cell.
pub const LESSON: Lesson<'static, Lab> = Lesson {
    name: "distributed",
    intro: "Past one machine: the queue becomes a Redis stream, the workers processes that may\n\
            run anywhere. Nobody shares a clock (the stream's ids give the order, not t_ns), a\n\
            worker can die alone (partial failure), and delivery is at-least-once by default.",
    cells: &[
        Cell {
            name: STREAM_QUEUE,
            notebook: "In [13]-[19]",
            title: "a Redis stream as the notebook's queue: XADD put, XREADGROUP get, XACK task_done",
            about: "The producer (this process) adds 0..n and an end marker; the consumer is another\n\
                    process. A read entry stays pending until XACK, unlike q.get(). Order comes\n\
                    from the ids XADD returns, not from any clock.",
            run: stream_queue::run,
        },
        Cell {
            name: COMPETING_WORKERS,
            notebook: "new",
            title: "N worker processes in one consumer group: each item processed and acked once",
            about: "A consumer group hands each entry to one consumer only. The producer adds the\n\
                    items, then says it is done; each worker stops once the group is drained.",
            run: competing_workers::run,
        },
        Cell {
            name: WORKER_DIES,
            notebook: "new",
            title: "a worker dies holding an item: XAUTOCLAIM redelivers it (at-least-once)",
            about: "worker-1 reads an item, writes its result and is killed (SIGKILL) before XACK.\n\
                    Nobody is told: the others claim what sat unacknowledged past --min-idle-ms and\n\
                    do it again. The sink writes a result only if absent, so the effect is once.",
            run: worker_dies::run,
        },
        Cell {
            name: POOL_MAP,
            notebook: "new",
            title: "Pool.map over the broker: results in input order, a failure is that item's error",
            about: "Workers reply in whatever order they finish; map puts each reply in its input's\n\
                    place. The failing input comes back as its error, and the rest still arrive.",
            run: pool_map::run,
        },
        Cell {
            name: BACKPRESSURE,
            notebook: "new",
            title: "backpressure: the producer waits while the backlog is at its bound",
            about: "Queue(maxsize) has no counterpart on a stream: the producer asks the group how\n\
                    many entries are unread or unacknowledged (XINFO GROUPS) and waits at the bound.",
            run: backpressure::run,
        },
        Cell {
            name: PARTITION,
            notebook: "new",
            title: "a partition: a worker cut off holding an item, its late XACK after the link heals",
            about: "Hosts are network namespaces (root and Linux; skipped otherwise). worker-1's\n\
                    link goes down while it holds an item; worker-2 claims it after --min-idle-ms;\n\
                    the link comes back and worker-1's XACK arrives late, removing nothing.",
            run: partition::run,
        },
        Cell {
            name: BROKER_RESTART,
            notebook: "new",
            title: "the broker restarts: SIGKILL, start again on its directory, count what survived",
            about: "Under AOF always, AOF everysec, RDB only and no persistence: what redis-server\n\
                    had acknowledged (XADD ids, XACKs) and still has after a SIGKILL. A SIGKILL\n\
                    is not a power cut: bytes handed to the kernel survive it, fsync'd or not.\n\
                    Worker processes live through each crash: they connect again and go on.",
            run: broker_restart::run,
        },
    ],
};

/// A worker's task and its claim/fail settings, from the cell it serves (`--role worker
/// --cell NAME`).
pub fn worker_task(cell: &str) -> crate::worker::Task {
    use crate::worker::Task;
    match cell {
        STREAM_QUEUE => Task::Consume,
        POOL_MAP => Task::Map,
        BROKER_RESTART => Task::Store,
        _ => Task::Square,
    }
}
