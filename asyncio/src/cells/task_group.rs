//! `asyncio.TaskGroup` is a `JoinSet` that aborts the siblings on the first error.

use std::time::Duration;

use anyhow::Context;
use interleaving::Actor;
use tokio::time::{sleep, timeout};

use super::Knobs;
use crate::{AsyncioError, Finally, Joined, TaskGroup, kinds, runtime};

/// Fails after 5 ms.
async fn failing() -> Result<(), AsyncioError> {
    let me = Actor::new("task-0");
    sleep(Duration::from_millis(5)).await;
    me.print("task-0: raising ValueError");
    Err(AsyncioError::ValueError("task-0 failed".into()))
}

/// Would sleep 10 s; gets cancelled long before.
async fn sibling(name: &'static str) -> Result<(), AsyncioError> {
    let me = Actor::new(name);
    let guard = Finally::new(&me);
    sleep(Duration::from_secs(10)).await;
    me.print(format!("{name}: finished"));
    guard.finished();
    Ok(())
}

/// `async with asyncio.TaskGroup() as tg: tg.create_task(...)` x 3, one of which fails.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Actor::new("main");
    let rt = runtime::multi_thread(2).context("building a multi_thread runtime")?;
    rt.block_on(async {
        let mut group = TaskGroup::new();
        group.spawn("task-0", failing());
        group.spawn("task-1", sibling("task-1"));
        group.spawn("task-2", sibling("task-2"));
        let mut cancelled = Vec::new();
        let waited = group.wait(|joined| match joined {
            Joined::Finished(name) => main.emit(kinds::DONE, name),
            Joined::Failed(name, _) => main.emit(kinds::ERROR, name),
            Joined::Cancelled(name) => {
                main.emit(kinds::CANCEL, name);
                cancelled.push(name.to_owned());
            }
        });
        let outcome = timeout(Duration::from_secs(5), waited)
            .await
            .context("the task group did not end within 5 s")?;
        let Err(e) = outcome else {
            anyhow::bail!("the task group succeeded, but task-0 always fails");
        };
        main.emit(kinds::RAISE, e.to_string());
        cancelled.sort();
        main.print(format!(
            "the TaskGroup raised {e} after cancelling {}",
            cancelled.join(" and ")
        ));
        Ok(())
    })
}
