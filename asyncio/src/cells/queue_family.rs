//! `asyncio.LifoQueue` and `asyncio.PriorityQueue`: the same `put` and `get`, another order.

use anyhow::Context;
use interleaving::Actor;
use interleaving::kinds::EXIT;

use super::Knobs;
use crate::queue::{BaseQueue, Store};
use crate::traced_queue;
use crate::{AsyncioError, LifoQueue, PriorityQueue, gather, kinds};

/// What main puts first, in this order, and gets back: the order out names the queue.
pub const SCRAMBLED: [u64; 5] = [3, 1, 4, 0, 2];
/// Producers of the concurrent round, per queue.
pub const PRODUCERS: u64 = 2;
/// Consumers of the concurrent round, per queue.
pub const CONSUMERS: u64 = 2;

/// `for i in range(n): await q.put(...)`, items distinct from the scrambled five.
async fn producer<S>(
    obj: &'static str,
    p: u64,
    n: u64,
    q: BaseQueue<u64, S>,
) -> Result<(), AsyncioError>
where
    S: Store<Item = u64> + Send + 'static,
{
    let me = Actor::new(format!("{obj}-producer-{p}"));
    for i in 0..n {
        traced_queue::put_on(&me, obj, &q, 10 + p * n + i).await?;
    }
    me.emit(EXIT, "done");
    Ok(())
}

/// `while True: await q.get()`, ended by `QueueShutDown` once the queue is drained.
async fn consumer<S>(obj: &'static str, c: u64, q: BaseQueue<u64, S>) -> Result<u64, AsyncioError>
where
    S: Store<Item = u64> + Send + 'static,
{
    let me = Actor::new(format!("{obj}-consumer-{c}"));
    let mut got = 0;
    loop {
        match traced_queue::get_on(&me, obj, &q).await {
            Ok(_) => got += 1,
            Err(AsyncioError::QueueShutDown) => break,
            Err(e) => return Err(e),
        }
    }
    me.emit(EXIT, format!("{got} items"));
    Ok(got)
}

/// One queue: the scrambled five in and out by main alone (the order shows), then producers
/// and consumers at once (the order varies; the checker decides it is still this queue's).
async fn round<S>(
    main: &Actor,
    class: &str,
    obj: &'static str,
    q: BaseQueue<u64, S>,
    n: u64,
) -> anyhow::Result<()>
where
    S: Store<Item = u64> + Send + 'static,
{
    for x in SCRAMBLED {
        traced_queue::put_on(main, obj, &q, x).await?;
    }
    let mut out = Vec::new();
    for _ in SCRAMBLED {
        out.push(traced_queue::get_on(main, obj, &q).await?.to_string());
    }
    let put: Vec<String> = SCRAMBLED.iter().map(u64::to_string).collect();
    main.print(format!(
        "{class}: put {}, got {}",
        put.join(" "),
        out.join(" ")
    ));
    let consumers = tokio::spawn(gather(
        (0..CONSUMERS)
            .map(|c| consumer(obj, c, q.clone()))
            .collect::<Vec<_>>(),
    ));
    gather((0..PRODUCERS).map(|p| producer(obj, p, n, q.clone())))
        .await
        .context("a producer failed")?;
    main.emit(kinds::SHUTDOWN, obj);
    q.shutdown(false);
    let got: Vec<u64> = consumers
        .await
        .context("the consumers panicked")?
        .context("a consumer failed")?;
    main.print(format!(
        "{class}: {PRODUCERS} producers put {} items, {CONSUMERS} consumers got {}",
        PRODUCERS * n,
        got.iter().sum::<u64>()
    ));
    Ok(())
}

/// `asyncio.LifoQueue()` then `asyncio.PriorityQueue()`, both unbounded.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &k.items), ("runtime", &k.runtime.name())]);
    let main = Actor::new("main");
    let rt = k.runtime.build().context("building the runtime")?;
    rt.block_on(async {
        round(&main, "LifoQueue", "lifo", LifoQueue::new(0), k.items).await?;
        // New: the smallest item first, whatever the order it went in.
        round(
            &main,
            "PriorityQueue",
            "priority",
            PriorityQueue::new(0),
            k.items,
        )
        .await
    })
}
