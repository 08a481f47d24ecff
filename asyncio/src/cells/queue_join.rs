//! The notebook's producer/consumer on `asyncio.Queue`: `task_done`, `join`, `shutdown`.

use anyhow::Context;
use interleaving::Actor;
use interleaving::kinds::EXIT;

use super::Knobs;
use crate::traced_queue;
use crate::{AsyncioError, Queue, gather, kinds};

/// Workers in this cell.
pub const WORKERS: u64 = 3;

/// `while True: item = await q.get(); ...; q.task_done()`, until `QueueShutDown`.
async fn worker(w: u64, q: Queue<u64>) -> Result<(), AsyncioError> {
    let me = Actor::new(format!("worker-{w}"));
    loop {
        let item = match traced_queue::get(&me, &q).await {
            Ok(item) => item,
            Err(AsyncioError::QueueShutDown) => break,
            Err(e) => return Err(e),
        };
        me.emit(kinds::GET, item.to_string());
        tokio::task::yield_now().await; // the work; other workers run meanwhile
        me.emit(kinds::TASK_DONE, item.to_string());
        q.task_done()?;
    }
    me.emit(EXIT, "shut down");
    Ok(())
}

/// One producer, three workers, `q.join()`, then `q.shutdown()`.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[
        ("items", &k.items),
        ("capacity", &k.capacity),
        ("runtime", &k.runtime.name()),
    ]);
    let main = Actor::new("main");
    let producer = Actor::new("producer");
    let rt = k.runtime.build().context("building the runtime")?;
    rt.block_on(async {
        main.emit(kinds::CAPACITY, k.capacity.to_string());
        let q = Queue::new(k.capacity as usize);
        let workers = tokio::spawn(gather(
            (0..WORKERS)
                .map(|w| worker(w, q.clone()))
                .collect::<Vec<_>>(),
        ));
        for i in 0..k.items {
            producer.emit(kinds::PUT, i.to_string());
            traced_queue::put(&producer, &q, i)
                .await
                .context("the queue shut down early")?;
        }
        // New: join() waits for task_done() of every item, not only for the gets.
        q.join().await;
        main.emit(kinds::JOINED, "queue");
        main.print(format!(
            "q.join() returned: all {} items processed",
            k.items
        ));
        main.emit(kinds::SHUTDOWN, "queue");
        q.shutdown(false);
        workers
            .await
            .context("a worker panicked")?
            .context("a worker failed")?;
        main.print(format!(
            "q.shutdown(): the {WORKERS} workers ended on QueueShutDown"
        ));
        Ok(())
    })
}
