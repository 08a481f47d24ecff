//! `asyncio.wait_for` is `tokio::time::timeout`; Python's `CancelledError` is Rust's drop.

use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::Actor;
use tokio::time::{sleep, timeout};

use super::Knobs;
use crate::{Finally, kinds, runtime};

const PATIENCE: Duration = Duration::from_millis(30);
const FOREVER: Duration = Duration::from_secs(10);

/// Work that needs far longer than anyone will wait, with a `finally:` that reports.
async fn slow_op(me: &Actor) {
    let guard = Finally::new(me);
    me.print(format!("{}: started, needs 10 s", me.name()));
    sleep(FOREVER).await;
    me.print(format!("{}: finished", me.name()));
    guard.finished();
}

/// `await asyncio.wait_for(slow_op(), timeout=0.03)`, then the same on a spawned task.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let slow = Actor::new("slow");
    let rt = runtime::current_thread().context("building a current_thread runtime")?;
    rt.block_on(async {
        // timeout() owns the future; when time is up it returns Err and the future is dropped
        // with it, at this very line: slow's Finally runs before the next statement.
        if timeout(PATIENCE, slow_op(&slow)).await.is_ok() {
            bail!("slow_op finished within {PATIENCE:?}, which it cannot do");
        }
        main.emit(kinds::TIMEOUT, "slow");
        main.print("wait_for(slow_op(), 0.03) -> TimeoutError; slow_op's cleanup already ran");

        // A spawned task is not owned by whoever awaits its handle: a timeout on the handle
        // drops only the handle's wait, and the task runs on. (Python's wait_for would cancel
        // the task; tokio asks you to say so with abort().)
        let mut handle = tokio::spawn(async {
            let me = Actor::new("detached");
            slow_op(&me).await;
        });
        let waited = timeout(PATIENCE, &mut handle).await;
        main.emit(kinds::TIMEOUT, "detached");
        main.print(format!(
            "timeout on the task's handle: {}; the task is still running: {}",
            if waited.is_err() {
                "TimeoutError"
            } else {
                "done"
            },
            !handle.is_finished()
        ));
        handle.abort(); // task.cancel()
        match handle.await {
            Err(e) if e.is_cancelled() => {
                main.emit(kinds::CANCEL, "detached");
                main.print("after abort(): the task ended with CancelledError; its cleanup ran");
            }
            other => bail!("abort() did not cancel the task: {other:?}"),
        }
        Ok(())
    })
}
