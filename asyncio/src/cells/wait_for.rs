//! `asyncio.wait_for` is `tokio::time::timeout`; Python's `CancelledError` is Rust's drop.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::Actor;
use tokio::sync::mpsc;
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
    interleaving::knob::emit(&[]);
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
        cancellation_safety(&main).await
    })
}

/// "Cancellation safety": dropping a future at an `.await` must not lose what it had already
/// done. Python has the same hazard (a `CancelledError` can land between two steps); in Rust
/// every `select!` and `timeout` drops futures, so tokio documents which of its methods are
/// safe: `mpsc::Receiver::recv` is, `AsyncBufReadExt::read_line` is not.
async fn cancellation_safety(main: &Actor) -> anyhow::Result<()> {
    // Not safe: the item is taken first, then the future waits; dropped there, the item is
    // gone with it.
    let queue = Mutex::new(VecDeque::from([1, 2, 3]));
    let take_then_wait = async {
        let item = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
        sleep(FOREVER).await;
        item
    };
    let _ = timeout(PATIENCE, take_then_wait).await;
    let left: Vec<i32> = queue.into_inner().unwrap_or_else(|p| p.into_inner()).into();
    main.print(format!(
        "take-then-wait dropped by timeout: the queue holds {left:?}, and nobody got 1"
    ));

    // Safe: recv() takes an item only in the poll that returns it, so dropping it while it
    // waits takes nothing.
    let (tx, mut rx) = mpsc::channel(3);
    let _ = timeout(PATIENCE, rx.recv()).await;
    for i in [1, 2, 3] {
        tx.send(i).await.context("the receiver is gone")?;
    }
    drop(tx);
    let mut got = Vec::new();
    while let Some(i) = rx.recv().await {
        got.push(i);
    }
    main.print(format!(
        "rx.recv() dropped by timeout while waiting, then: got {got:?}, nothing lost"
    ));
    Ok(())
}
