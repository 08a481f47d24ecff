//! Exercise `task-done-forgotten` (producer-consumer lesson, cell `task-done-join`; notebook
//! In [13]-[19]: the queue the notebook's threads share).
//!
//! Main puts 8 items on a queue, two workers do them, and main waits with `q.join()` until
//! every item is done. It waits forever: `join` returns when every `put` has had its
//! `task_done`, and the workers never say so. Make `join` return once every item's work is
//! really done. Judge it with `cargo xtask exercise task-done-forgotten`.
//!
//! The same bug in Python:
//!
//! ```python
//! def worker():
//!     while True:
//!         item = q.get()
//!         work(item)           # and no q.task_done()
//! ...
//! q.join()                     # never returns
//! ```

use std::process::ExitCode;
use std::thread;

use exercises::lab;
use interleaving::{Actor, kinds as shared};
use producer_consumer::{Queue, kinds};

const ITEMS: u64 = 8;
const WORKERS: u64 = 2;

fn main() -> ExitCode {
    lab::run(
        "producer-consumer",
        "task-done-forgotten",
        &[("items", &ITEMS), ("workers", &WORKERS)],
        run,
    )
}

/// Does items until the queue is shut down.
fn worker(me: &Actor, q: &Queue<u64>) -> &'static str {
    loop {
        match q.get() {
            Ok(item) => {
                lab::slow(); // the work
                me.emit(kinds::DONE, item.to_string());
            }
            Err(_) => return "shutdown",
        }
    }
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let q: Queue<u64> = Queue::new(0);
    thread::scope(|s| {
        let workers: Vec<_> = (1..=WORKERS)
            .map(|w| lab::spawn(s, main, &format!("consumer-{w}"), |me| worker(me, &q)))
            .collect();
        for i in 0..ITEMS {
            main.emit(kinds::PUT, i.to_string());
            q.put(i)
                .map_err(|_| anyhow::anyhow!("the queue was shut down"))?;
        }
        q.join(); // until every item is done
        main.emit(shared::JOIN, "queue");
        main.print("all work done");
        q.shutdown(false);
        main.emit(kinds::SHUTDOWN, "graceful");
        workers
            .into_iter()
            .try_for_each(|w| lab::join(main, w).map(drop))
    })
}
