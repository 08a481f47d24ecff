//! `In [13]` to `In [19]`: `q = Queue()`, a producer thread and a consumer thread.

use std::thread;

use anyhow::anyhow;
use interleaving::{Actor, kinds as k, py_print};

use super::{Knobs, join, start};
use crate::{Queue, Traced, kinds};

/// "def producer(q): for i in range(5): q.put(i); print("Published", i)"
///
/// The `put` event is emitted just before `put` is called, so every `get` of the item is
/// after it in the trace, whatever the interleaving.
pub fn producer(q: &Queue<u64>, n: u64) -> anyhow::Result<()> {
    let me = Actor::new("producer");
    // New: every put and get recorded as call and return, for the linearizability check.
    let q = Traced::new(q, &me);
    for i in 0..n {
        me.emit(kinds::PUT, i.to_string());
        q.put(i).map_err(|e| anyhow!("put({i}): {e}"))?;
        py_print(&me, &["Published", &i.to_string()]);
    }
    Ok(())
}

/// "def consumer(q): while True: i = q.get(); print("Consumed", i)", except that ours
/// stops when the queue is shut down and empty, where the notebook's runs forever.
/// Returns how many items it consumed.
pub fn consumer(q: &Queue<u64>, name: &str) -> anyhow::Result<u64> {
    let me = Actor::new(name);
    let q = Traced::new(q, &me);
    let mut n = 0;
    // Python: `while True: i = q.get()`; `Err(ShutDown)` is the way out Python 3.13 added.
    while let Ok(i) = q.get() {
        me.emit(kinds::GET, i.to_string());
        py_print(&me, &["Consumed", &i.to_string()]);
        n += 1;
    }
    me.emit(k::EXIT, "shutdown");
    Ok(n)
}

/// "As we can see, the consumer keeps on consuming, and producer keeps on publishing, but
/// these share a data structure queue, and this is how context sharing is done."
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &knobs.items)]);
    let main = Actor::new("main");
    let q = Queue::new(0);
    let n = knobs.items;
    thread::scope(|s| {
        // In [16]: the consumer starts first and waits on the empty queue.
        let c = start(s, &main, "consumer", || consumer(&q, "consumer"))?;
        // In [17]: the producer publishes 0..n.
        let p = start(s, &main, "producer", || producer(&q, n))?;
        // In [18]: producer_thread.join() returns: it has published everything.
        join(&main, "producer", p)?;
        // In [19], fixed: instead of a consumer that never returns, tell it there is no more.
        // New: shutdown(false) lets it drain what is left, then its get() fails.
        main.emit(kinds::SHUTDOWN, "graceful");
        q.shutdown(false);
        let got = join(&main, "consumer", c)?;
        main.print(format!(
            "consumer_thread.join() returned: it consumed {got} items"
        ));
        Ok(())
    })
}
