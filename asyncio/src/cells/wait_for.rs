//! `asyncio.wait_for`: the timed-out work is cancelled, and cleaned up, before `TimeoutError`.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::Actor;
use tokio::time::{sleep, timeout};

use super::Knobs;
use crate::{AsyncioError, Finally, Queue, kinds, wait_for, wait_for_task};

const PATIENCE: Duration = Duration::from_millis(30);
const FOREVER: Duration = Duration::from_secs(10);

/// Work that needs far longer than anyone will wait, with a `finally:` that reports.
async fn slow_op(me: &Actor) -> Result<(), AsyncioError> {
    let guard = Finally::new(me);
    me.print(format!("{}: started, needs 10 s", me.name()));
    sleep(FOREVER).await;
    me.print(format!("{}: finished", me.name()));
    guard.finished();
    Ok(())
}

/// `await asyncio.wait_for(slow_op(), timeout=0.03)`, on a coroutine and on a task.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("runtime", &k.runtime.name())]);
    let main = Actor::new("main");
    let slow = Actor::new("slow");
    let rt = k.runtime.build().context("building the runtime")?;
    rt.block_on(async {
        // The future is dropped inside wait_for, at this very line: slow's Finally runs
        // before the next statement.
        if wait_for(slow_op(&slow), Some(PATIENCE)).await.is_ok() {
            bail!("slow_op finished within {PATIENCE:?}, which it cannot do");
        }
        main.emit(kinds::TIMEOUT, "slow");
        main.print("wait_for(slow_op(), 0.03) -> TimeoutError; slow_op's cleanup already ran");

        // timeout=0 on a coroutine: never started (tokio::time::timeout would poll it once).
        let zero = wait_for(
            async {
                Actor::new("zero").print("zero: started");
                Ok(())
            },
            Some(Duration::ZERO),
        )
        .await;
        main.print(format!(
            "wait_for(coro, 0) -> {}; coro never started",
            zero.map_or_else(|e| e.to_string(), |()| "a result".into())
        ));

        // On a task: wait_for aborts it and waits until it has ended, cleanup included.
        let task = tokio::spawn(async {
            let me = Actor::new("task");
            slow_op(&me).await
        });
        match wait_for_task(task, Some(PATIENCE)).await {
            Err(AsyncioError::TimeoutError(_)) => main.emit(kinds::TIMEOUT, "task"),
            other => bail!("wait_for on the task did not time out: {other:?}"),
        }
        main.print("wait_for(task, 0.03) -> TimeoutError; the task had ended, cleanup run");

        // The difference: a bare tokio timeout on a task's handle only stops waiting.
        let mut handle = tokio::spawn(async {
            let me = Actor::new("detached");
            slow_op(&me).await
        });
        let waited = timeout(PATIENCE, &mut handle).await;
        main.print(format!(
            "tokio::time::timeout on the task's handle: {}; the task is still running: {}",
            if waited.is_err() { "Elapsed" } else { "done" },
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
/// done. Python has the same hazard (a `CancelledError` can land between two steps).
async fn cancellation_safety(main: &Actor) -> anyhow::Result<()> {
    // Not safe: the item is taken first, then the future waits; dropped there, it is gone.
    let queue = Mutex::new(VecDeque::from([1, 2, 3]));
    let take_then_wait = async {
        let item = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
        sleep(FOREVER).await;
        Ok(item)
    };
    let _ = wait_for(take_then_wait, Some(PATIENCE)).await;
    let left: Vec<i32> = queue.into_inner().unwrap_or_else(|p| p.into_inner()).into();
    main.print(format!(
        "take-then-wait dropped by wait_for: the queue holds {left:?}, and nobody got 1"
    ));

    // Safe: Queue.get takes an item only in the poll that returns it.
    let q = Queue::new(0);
    let _ = wait_for(q.get(), Some(PATIENCE)).await;
    for i in [1, 2, 3] {
        q.put_nowait(i)?;
    }
    let mut got = Vec::new();
    while let Ok(i) = q.get_nowait() {
        got.push(i);
    }
    main.print(format!(
        "q.get() dropped by wait_for while waiting, then: got {got:?}, nothing lost"
    ));
    Ok(())
}
