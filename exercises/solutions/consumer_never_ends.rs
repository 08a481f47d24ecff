//! Solution of `consumer-never-ends` (producer-consumer lesson, cell `producer-consumer`;
//! notebook In [13]-[19], whose consumer loops `while True` and never ends).
//!
//! A producer puts 0..10 on a queue; a consumer gets them. Once the producer is done, main
//! joins the consumer, which is still blocked in `get`, waiting for an item that will never
//! come: the program never ends. Make the consumer end once every item is consumed (nothing
//! lost). Judge it with `cargo xtask exercise consumer-never-ends`.
//!
//! The same bug in Python (the notebook's own):
//!
//! ```python
//! def consumer(q):
//!     while True:
//!         item = q.get()       # blocks forever after the last item
//!         print(f"Consumed {item}")
//! ```

use std::process::ExitCode;
use std::thread;

use exercises::lab;
use interleaving::Actor;
use producer_consumer::{Queue, kinds};

const ITEMS: u64 = 10;

fn main() -> ExitCode {
    lab::run(
        "producer-consumer",
        "consumer-never-ends",
        &[("items", &ITEMS)],
        run,
    )
}

/// Puts 0..ITEMS, each after a moment of work.
fn producer(me: &Actor, q: &Queue<u64>) -> anyhow::Result<()> {
    for i in 0..ITEMS {
        lab::slow();
        me.emit(kinds::PUT, i.to_string());
        q.put(i)
            .map_err(|_| anyhow::anyhow!("the queue was shut down"))?;
        me.print(format!("Published {i}"));
    }
    Ok(())
}

/// Gets items until `get` fails; returns why it stopped.
fn consumer(me: &Actor, q: &Queue<u64>) -> &'static str {
    loop {
        match q.get() {
            Ok(item) => me.emit(kinds::GET, item.to_string()),
            Err(_) => return "shutdown",
        }
    }
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let q: Queue<u64> = Queue::new(0);
    thread::scope(|s| {
        let p = lab::spawn(s, main, "producer", |me| producer(me, &q));
        let c = lab::spawn(s, main, "consumer", |me| consumer(me, &q));
        lab::join(main, p)??;
        // Python 3.13's q.shutdown(): gets drain what is left, then fail with ShutDown, so
        // the consumer ends after the last item and never before it.
        // Recorded first: once the queue is shut down the consumer may exit at once, and its
        // `exit` must not come before main's `shutdown` in the trace.
        main.emit(kinds::SHUTDOWN, "graceful");
        q.shutdown(false);
        lab::join(main, c)?;
        Ok(())
    })
}
