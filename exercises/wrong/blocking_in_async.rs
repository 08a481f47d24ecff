//! A wrong fix of `blocking-in-async`: yield to the loop first. Every task starts, but
//! each sleep still blocks the loop's one thread: they still run one after another.
//!
//! Exercise `blocking-in-async` (asyncio lesson, cells `concurrent-sleeps` and
//! `blocking-trap`; the notebook's unfinished "AsyncIO" section).
//!
//! Four tasks each sleep 100 ms, on one event loop, so all four should be done in about
//! 100 ms. They take 400: `std::thread::sleep` blocks the loop's only thread, so no other
//! task runs until it wakes. Make the four sleeps overlap. Judge it with
//! `cargo xtask exercise blocking-in-async`.
//!
//! The same bug in Python:
//!
//! ```python
//! async def nap():
//!     time.sleep(0.1)          # blocks the whole event loop
//! await asyncio.gather(*(nap() for _ in range(4)))
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use asyncio::kinds;
use exercises::lab;
use interleaving::Actor;

const TASKS: u64 = 4;
const SLEEP_MS: u64 = 100;

fn main() -> ExitCode {
    lab::run(
        "asyncio",
        "blocking-in-async",
        &[("tasks", &TASKS), ("sleep_ms", &SLEEP_MS)],
        run,
    )
}

async fn nap(me: Actor) {
    me.emit(kinds::SLEEP, SLEEP_MS.to_string());
    tokio::task::yield_now().await;
    std::thread::sleep(Duration::from_millis(SLEEP_MS));
    me.emit(kinds::WAKE, "");
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let t0 = Instant::now();
    asyncio::run(async {
        let naps: Vec<_> = (1..=TASKS)
            .map(|t| tokio::spawn(nap(Actor::new(format!("task-{t}")))))
            .collect();
        for n in naps {
            n.await.context("a nap failed")?;
        }
        anyhow::Ok(())
    })??;
    let ms = t0.elapsed().as_millis();
    main.emit(kinds::ELAPSED, format!("ms={ms}"));
    main.print(format!("{TASKS} naps took {ms} ms"));
    Ok(())
}
