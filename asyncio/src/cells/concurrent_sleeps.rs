//! Concurrency by waiting: N sleeps of d take N*d one after another, about d together.

use std::time::{Duration, Instant};

use anyhow::Context;
use interleaving::Actor;
use tokio::time::sleep;

use super::{Knobs, micros, ms};
use crate::reader_gone::reader_gone;
use crate::{gather, kinds, runtime};

/// One task: sleep `d`, saying when it starts and when it wakes.
async fn sleeper(i: u64, d: Duration) {
    let me = Actor::new(format!("task-{i}"));
    me.emit(kinds::SLEEP, me.name());
    sleep(d).await; // asyncio.sleep(d): gives the loop back while waiting
    me.emit(kinds::WAKE, me.name());
    interleaving::progress::advance(1);
}

/// `for _ in range(n): await asyncio.sleep(d)` against
/// `await asyncio.gather(*(asyncio.sleep(d) for _ in range(n)))`.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("tasks", &k.tasks), ("sleep_ms", &k.sleep_ms)]);
    let main = Actor::new("main");
    let (n, d) = (k.tasks, Duration::from_millis(k.sleep_ms));
    interleaving::progress::set_total(2 * n); // n sleeps one after another, then n together
    let rt = runtime::current_thread().context("building a current_thread runtime")?;
    // `| head -n 1` with 1000 sleeps of a second: stop once the reader has gone, not
    // minutes later at the next line (see `reader_gone`).
    rt.block_on(async {
        tokio::select! {
            done = sequential_then_gathered(&main, n, d) => done,
            () = reader_gone() => Ok(()),
        }
    })
}

/// The cell's two runs, timed, and what it prints and emits about them.
async fn sequential_then_gathered(main: &Actor, n: u64, d: Duration) -> anyhow::Result<()> {
    // One after another: each await waits for its sleep to end before the next begins.
    let t0 = Instant::now();
    for _ in 0..n {
        sleep(d).await;
        interleaving::progress::advance(1);
    }
    let sequential = t0.elapsed();
    main.print(format!(
        "sequential: {n} sleeps of {} one after another took {}",
        ms(d),
        ms(sequential)
    ));

    // Together: all N tasks start, all N sleeps overlap.
    let t0 = Instant::now();
    let sleepers = (0..n).map(|i| async move {
        sleeper(i, d).await;
        Ok(())
    });
    gather(sleepers.collect::<Vec<_>>())
        .await
        .context("a sleeping task failed")?;
    let gathered = t0.elapsed();
    main.print(format!(
        "gathered:   {n} sleeps of {} together took {} ({:.1}x faster)",
        ms(d),
        ms(gathered),
        sequential.as_secs_f64() / gathered.as_secs_f64().max(1e-9)
    ));
    // The raw numbers, for the check: gathered must be well under N*d.
    main.emit(kinds::ELAPSED, format!("sequential={}", micros(sequential)));
    main.emit(kinds::ELAPSED, format!("gathered={}", micros(gathered)));
    main.emit(kinds::ELAPSED, format!("n*d={}", micros(d * n as u32)));
    Ok(())
}
