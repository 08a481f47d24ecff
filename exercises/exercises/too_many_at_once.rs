//! Exercise `too-many-at-once` (asyncio lesson, cell `semaphore`; the notebook's
//! unfinished "AsyncIO" section).
//!
//! Ten tasks call a server that takes at most three requests at a time; here all ten go in
//! at once. Never let more than `LIMIT` tasks inside at the same time (every task still
//! served). Judge it with `cargo xtask exercise too-many-at-once`.
//!
//! The same bug in Python:
//!
//! ```python
//! async def fetch(i):
//!     await server.request(i)     # ten at once; the server allows three
//! await asyncio.gather(*(fetch(i) for i in range(10)))
//! ```

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use asyncio::kinds;
use exercises::lab;
use interleaving::Actor;
use tokio::sync::Semaphore;

const TASKS: u64 = 10;
const LIMIT: usize = 3;

fn main() -> ExitCode {
    lab::run(
        "asyncio",
        "too-many-at-once",
        &[("tasks", &TASKS), ("limit", &LIMIT)],
        run,
    )
}

/// One request: inside the server for 10 ms.
async fn fetch(i: u64, _limit: Arc<Semaphore>) -> anyhow::Result<()> {
    let me = Actor::new(format!("fetch-{i}"));
    me.emit(kinds::ENTER, "server");
    tokio::time::sleep(Duration::from_millis(10)).await;
    me.emit(kinds::LEAVE, "server");
    Ok(())
}

fn run(main: &Actor) -> anyhow::Result<()> {
    asyncio::run(async {
        let limit = Arc::new(Semaphore::new(LIMIT));
        let tasks: Vec<_> = (1..=TASKS)
            .map(|i| tokio::spawn(fetch(i, Arc::clone(&limit))))
            .collect();
        for t in tasks {
            t.await.context("a fetch task failed")??;
        }
        anyhow::Ok(())
    })??;
    main.print(format!("{TASKS} requests served"));
    Ok(())
}
