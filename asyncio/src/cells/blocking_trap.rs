//! The blocking trap: `std::thread::sleep` in a task freezes a one-thread runtime;
//! `spawn_blocking` (`asyncio.to_thread`) moves the blocking call off the loop.

use std::time::{Duration, Instant};

use anyhow::Context;
use interleaving::Actor;
use tokio::time::{MissedTickBehavior, interval};

use super::{Knobs, ms};
use crate::{kinds, runtime};

const TICK: Duration = Duration::from_millis(5);
const TICKS: u32 = 16;
const BLOCK: Duration = Duration::from_millis(50);

/// Ticks every 5 ms; returns the longest gap it saw between two ticks.
async fn ticker(name: &'static str) -> Duration {
    let me = Actor::new(name);
    let mut every = interval(TICK);
    // After a stall, carry on from now instead of firing the missed ticks in a burst.
    every.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    for _ in 0..TICKS {
        every.tick().await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
        me.emit(kinds::TICK, "");
    }
    longest
}

/// `time.sleep(0.05)` inside a coroutine: the whole thread, and so the whole loop, sleeps.
async fn blocker() {
    let me = Actor::new("blocker");
    me.emit(kinds::BLOCK, "std::thread::sleep");
    std::thread::sleep(BLOCK);
    me.emit(kinds::UNBLOCK, "");
}

/// `await asyncio.to_thread(time.sleep, 0.05)`: a pool thread sleeps, the loop runs on.
async fn to_thread() -> anyhow::Result<()> {
    let me = Actor::new("to-thread");
    me.emit(kinds::BLOCK, "spawn_blocking");
    tokio::task::spawn_blocking(|| std::thread::sleep(BLOCK))
        .await
        .context("the blocking call panicked")?;
    me.emit(kinds::UNBLOCK, "");
    Ok(())
}

/// The trap, then the fix, each on a fresh current_thread runtime.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[
        ("tick_ms", &TICK.as_millis()),
        ("block_ms", &BLOCK.as_millis()),
    ]);
    let main = Actor::new("main");
    let rt = runtime::current_thread().context("building a current_thread runtime")?;
    let trapped = rt.block_on(async {
        let ticks = tokio::spawn(ticker("ticker-trap"));
        let stall = tokio::spawn(blocker());
        stall.await.context("the blocker panicked")?;
        ticks.await.context("the ticker panicked")
    })?;
    main.print(format!(
        "std::thread::sleep({}) in a task: the 5 ms ticker's longest gap was {}",
        ms(BLOCK),
        ms(trapped)
    ));

    let rt = runtime::current_thread().context("building a current_thread runtime")?;
    let fixed = rt.block_on(async {
        let ticks = tokio::spawn(ticker("ticker-fixed"));
        let off_loop = tokio::spawn(to_thread());
        off_loop.await.context("the to_thread task panicked")??;
        ticks.await.context("the ticker panicked")
    })?;
    main.print(format!(
        "spawn_blocking(sleep {}):         the 5 ms ticker's longest gap was {}",
        ms(BLOCK),
        ms(fixed)
    ));
    Ok(())
}
