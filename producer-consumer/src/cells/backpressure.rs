//! `Queue(maxsize=2)`: a bounded queue makes a fast producer wait for a slow consumer.

use std::thread;
use std::time::Duration;

use anyhow::{anyhow, bail};
use interleaving::{Actor, kinds as k, py_print};

use super::{BACKPRESSURE_MAXSIZE, Knobs, join, start};
use crate::{PutError, Queue, Traced, kinds};

/// Puts 0..n, first trying `put_nowait` so the trace shows when the queue was full.
fn producer(q: &Queue<u64>, n: u64) -> anyhow::Result<()> {
    let me = Actor::new("producer");
    let q = Traced::new(q, &me);
    for i in 0..n {
        me.emit(kinds::PUT, i.to_string());
        match q.put_nowait(i) {
            Ok(()) => {}
            Err(PutError::Full(i)) => {
                // Python: except queue.Full: q.put(i) (this time waiting for room).
                me.emit(kinds::FULL, i.to_string());
                me.print(format!("queue full: put({i}) waits for a get"));
                q.put(i).map_err(|e| anyhow!("put({i}): {e}"))?;
            }
            Err(e @ PutError::ShutDown(_)) => bail!("put_nowait({i}): {e}"),
        }
        py_print(&me, &["Published", &i.to_string()]);
    }
    Ok(())
}

/// Gets until shutdown, taking `slow` per item. Each `getting` event is emitted before the
/// `get` call, so the trace can show that a blocked `put` waited for a `get` to begin.
fn slow_consumer(q: &Queue<u64>, slow: Duration) -> anyhow::Result<u64> {
    let me = Actor::new("consumer");
    let q = Traced::new(q, &me);
    let mut n = 0;
    loop {
        me.emit(kinds::GETTING, n.to_string());
        let Ok(i) = q.get() else { break };
        me.emit(kinds::GET, i.to_string());
        py_print(&me, &["Consumed", &i.to_string()]);
        // The slow part of the work: this is what the demo shows, not what makes it correct.
        thread::sleep(slow);
        n += 1;
    }
    me.emit(k::EXIT, "shutdown");
    Ok(n)
}

/// New: `Queue(maxsize=2)`. With room for 2, the producer can be at most 2 items ahead:
/// put number k returns only after the consumer began its get number k-2.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[
        ("items", &knobs.items.max(BACKPRESSURE_MAXSIZE as u64 + 2)),
        ("slow_ms", &knobs.slow_ms),
    ]);
    let main = Actor::new("main");
    let q = Queue::new(BACKPRESSURE_MAXSIZE);
    let n = knobs.items.max(BACKPRESSURE_MAXSIZE as u64 + 2);
    let slow = Duration::from_millis(knobs.slow_ms);
    thread::scope(|s| {
        let c = start(s, &main, "consumer", || slow_consumer(&q, slow))?;
        let p = start(s, &main, "producer", || producer(&q, n))?;
        join(&main, "producer", p)?;
        main.emit(kinds::SHUTDOWN, "graceful");
        q.shutdown(false);
        join(&main, "consumer", c)?;
        Ok(())
    })
}
