//! `--forever`: the notebook's consumer that "runs indefinitely", and the producer with it,
//! until Ctrl-C. Then it stops the way a service should: the producer stops publishing, the
//! queue is shut down gracefully, the consumer drains what was already put, and the counts
//! are printed. Nothing that was accepted is lost.
//!
//! Python would get `KeyboardInterrupt` raised in the main thread at an arbitrary line. Here
//! SIGINT only sets a flag (signal-hook), and the producer looks at it between two items: a
//! signal handler may do almost nothing safely, and a flag is the classic thing it can do.
//! A second Ctrl-C, if the first one seems stuck, exits at once with status 130.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use interleaving::{Actor, emit, kinds as k};
use signal_hook::consts::{SIGINT, SIGTERM};

use crate::cells::{Knobs, consumer};
use crate::{Queue, kinds};

/// Room in the queue: a producer faster than its consumer waits instead of growing memory.
const MAXSIZE: usize = 1024;

/// Publishes 0, 1, 2... until `stop` is set (or stdout is gone); returns how many it put.
fn endless_producer(q: &Queue<u64>, stop: &AtomicBool, pace: Duration) -> anyhow::Result<u64> {
    let me = Actor::new("producer");
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) && !emit::stdout_closed() {
        me.emit(kinds::PUT, i.to_string());
        q.put(i).map_err(|e| anyhow!("put({i}): {e}"))?;
        me.print(format!("Published {i}"));
        i += 1;
        if !pace.is_zero() {
            thread::sleep(pace);
        }
    }
    Ok(i)
}

/// Runs producer and consumer until SIGINT or SIGTERM, then drains and reports.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag as it was: a second signal exits at once.
        signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&stop))
            .context("installing the Ctrl-C handler")?;
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("installing the Ctrl-C handler")?;
    }
    emit::narrate("Running until Ctrl-C (the notebook's consumer never ends on its own).");
    let main = Actor::new("main");
    let q = Queue::new(MAXSIZE);
    let pace = Duration::from_millis(knobs.pace_ms);
    let (produced, consumed, in_flight) = thread::scope(|s| {
        let c = s.spawn(|| consumer(&q, "consumer"));
        main.emit(k::START, "consumer");
        let p = s.spawn(|| endless_producer(&q, &stop, pace));
        main.emit(k::START, "producer");
        let produced = p.join().map_err(|_| anyhow!("the producer panicked"))??;
        main.emit(k::JOIN, "producer");
        // What the consumer has not taken yet: it will, before it ends.
        let in_flight = q.qsize();
        main.emit(kinds::SHUTDOWN, "graceful");
        q.shutdown(false);
        let consumed = c.join().map_err(|_| anyhow!("the consumer panicked"))??;
        main.emit(k::JOIN, "consumer");
        Ok::<_, anyhow::Error>((produced, consumed, in_flight))
    })?;
    main.emit(
        kinds::SUMMARY,
        format!("produced={produced} consumed={consumed}"),
    );
    main.print(format!(
        "stopped: produced {produced}, consumed {consumed} ({in_flight} were still in the queue \
         when the producer stopped, and were drained)"
    ));
    if produced != consumed {
        bail!("lost items: produced {produced} but consumed {consumed}");
    }
    Ok(())
}
