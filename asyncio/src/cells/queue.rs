//! `asyncio.Queue(maxsize)`: two producers, two consumers, backpressure, ended by `shutdown()`.

use anyhow::Context;
use interleaving::Actor;
use interleaving::kinds::EXIT;

use super::Knobs;
use crate::traced_queue;
use crate::{AsyncioError, Queue, gather, kinds};

/// Producers in this cell.
pub const PRODUCERS: u64 = 2;
/// Consumers in this cell.
pub const CONSUMERS: u64 = 2;

/// `for i in range(n): await q.put(f"p{p}-{i}")`. A full queue makes `put` wait.
async fn producer(p: u64, items: u64, q: Queue<String>) -> Result<(), AsyncioError> {
    let me = Actor::new(format!("producer-{p}"));
    for i in 0..items {
        let item = format!("p{p}-{i}");
        me.emit(kinds::PUT, item.as_str()); // before put: the put begins here
        // New: the put recorded as call and return, for the linearizability check.
        traced_queue::put(&me, &q, item).await?;
    }
    me.emit(EXIT, "done");
    Ok(())
}

/// `while True: item = await q.get()`, ended by `QueueShutDown` once the queue is drained.
async fn consumer(c: u64, q: Queue<String>) -> Result<u64, AsyncioError> {
    let me = Actor::new(format!("consumer-{c}"));
    let mut got = 0;
    loop {
        match traced_queue::get(&me, &q).await {
            Ok(item) => {
                me.emit(kinds::GET, item);
                got += 1;
            }
            Err(AsyncioError::QueueShutDown) => break,
            Err(e) => return Err(e),
        }
    }
    me.emit(EXIT, format!("{got} items"));
    Ok(got)
}

/// Two producers, two consumers, a queue of `--capacity` slots.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[
        ("items", &k.items),
        ("capacity", &k.capacity),
        ("runtime", &k.runtime.name()),
    ]);
    let main = Actor::new("main");
    let rt = k.runtime.build().context("building the runtime")?;
    rt.block_on(async {
        main.emit(kinds::CAPACITY, k.capacity.to_string());
        let q = Queue::new(k.capacity as usize);
        let consumers = tokio::spawn(gather((0..CONSUMERS).map(|c| consumer(c, q.clone())).collect::<Vec<_>>()));
        gather((0..PRODUCERS).map(|p| producer(p, k.items, q.clone())))
            .await
            .context("a producer failed")?;
        // New over the notebook: no sentinel per consumer. shutdown() lets them drain the
        // queue, then their get() raises QueueShutDown.
        main.emit(kinds::SHUTDOWN, "queue");
        q.shutdown(false);
        let got: Vec<u64> = consumers
            .await
            .context("the consumers panicked")?
            .context("a consumer failed")?;
        main.print(format!(
            "{PRODUCERS} producers put {} items through a queue of {}; the consumers got {} and ended",
            PRODUCERS * k.items,
            k.capacity,
            got.iter().sum::<u64>()
        ));
        Ok(())
    })
}
