//! A wrong fix of `no-backpressure`: a sleep between puts, tuned to a consumer that was
//! fast that day. A slower consumer and the producer is far ahead again.
//!
//! Exercise `no-backpressure` (producer-consumer lesson, cell `backpressure`; notebook
//! In [13]-[19]: `Queue()` with no `maxsize`).
//!
//! A fast producer puts 12 items for a slow consumer. The queue has no bound, so the
//! producer races ahead and the items pile up in memory (with millions of items, that is
//! the out-of-memory kill). The producer must never be more than `MAXSIZE` items ahead of
//! the consumer. Judge it with `cargo xtask exercise no-backpressure`.
//!
//! The same bug in Python:
//!
//! ```python
//! q = queue.Queue()            # maxsize=0: unbounded, put never waits
//! for i in range(12):
//!     q.put(i)
//!     print(f"Published {i}")
//! ```

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use exercises::lab;
use interleaving::Actor;
use producer_consumer::{Queue, kinds};

const ITEMS: u64 = 12;
/// How far ahead of the consumer the producer may get.
const MAXSIZE: usize = 2;

fn main() -> ExitCode {
    lab::run(
        "producer-consumer",
        "no-backpressure",
        &[("items", &ITEMS), ("maxsize", &MAXSIZE)],
        run,
    )
}

fn producer(me: &Actor, q: &Queue<u64>) -> anyhow::Result<()> {
    for i in 0..ITEMS {
        me.emit(kinds::PUT, i.to_string());
        q.put(i)
            .map_err(|_| anyhow::anyhow!("the queue was shut down"))?;
        me.print(format!("Published {i}"));
        thread::sleep(Duration::from_millis(5));
    }
    Ok(())
}

/// Takes items slowly until the queue is shut down.
fn consumer(me: &Actor, q: &Queue<u64>) -> &'static str {
    for n in 0.. {
        me.emit(kinds::GETTING, n.to_string());
        match q.get() {
            Ok(item) => {
                lab::slow(); // a slow consumer
                me.emit(kinds::GET, item.to_string());
            }
            Err(_) => return "shutdown",
        }
    }
    "shutdown"
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let q: Queue<u64> = Queue::new(0);
    thread::scope(|s| {
        let c = lab::spawn(s, main, "consumer", |me| consumer(me, &q));
        let p = lab::spawn(s, main, "producer", |me| producer(me, &q));
        lab::join(main, p)??;
        q.shutdown(false);
        main.emit(kinds::SHUTDOWN, "graceful");
        lab::join(main, c)?;
        Ok(())
    })
}
