//! `asyncio.Queue(maxsize)` is a bounded `tokio::sync::mpsc` channel.

use std::time::Duration;

use anyhow::Context;
use interleaving::Actor;
use tokio::sync::mpsc;
use tokio::time::timeout;

use super::Knobs;
use crate::{gather, kinds, runtime};

/// Producers in this cell.
pub const PRODUCERS: u64 = 2;

/// `for i in range(n): await q.put(f"p{p}-{i}")`. A full queue makes `send` wait.
async fn producer(p: u64, items: u64, tx: mpsc::Sender<String>) -> anyhow::Result<()> {
    let me = Actor::new(format!("producer-{p}"));
    for i in 0..items {
        let item = format!("p{p}-{i}");
        me.emit(kinds::PUT, item.as_str()); // before send: the put begins here
        tx.send(item).await.context("the consumer went away")?;
    }
    me.emit(interleaving::kinds::EXIT, "done");
    Ok(()) // `tx` is dropped here: one sender fewer
}

/// `while True: item = await q.get()`, but with an end: `recv` returns `None` once every
/// sender is dropped and the queue is empty. No sentinel, no `task_done`, nothing lost.
async fn consumer(mut rx: mpsc::Receiver<String>) -> u64 {
    let me = Actor::new("consumer");
    let mut got = 0;
    while let Some(item) = rx.recv().await {
        me.emit(kinds::GET, item);
        got += 1;
    }
    me.emit(interleaving::kinds::EXIT, format!("{got} items"));
    got
}

/// Two producers, one consumer, a queue of 4 slots.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &k.items), ("capacity", &k.capacity)]);
    let main = Actor::new("main");
    let rt = runtime::multi_thread(2).context("building a multi_thread runtime")?;
    rt.block_on(async {
        main.emit(kinds::CAPACITY, k.capacity.to_string());
        let (tx, rx) = mpsc::channel(k.capacity as usize);
        let eating = tokio::spawn(consumer(rx));
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|p| tokio::spawn(producer(p, k.items, tx.clone())))
            .collect();
        // New over Python: main holds a sender too. Drop it, or the consumer waits forever.
        drop(tx);
        for r in gather(producers).await {
            r.context("a producer panicked")??;
        }
        let got = timeout(Duration::from_secs(30), eating)
            .await
            .context("the consumer did not end within 30 s")?
            .context("the consumer panicked")?;
        main.print(format!(
            "{PRODUCERS} producers put {} items through a queue of {}; the consumer got {got} and ended",
            PRODUCERS * k.items,
            k.capacity
        ));
        Ok(())
    })
}
