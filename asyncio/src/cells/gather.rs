//! `asyncio.gather`: results in argument order; fail-fast or `return_exceptions=True`;
//! cancelling the awaiter cancels the children; `as_completed` in completion order.

use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::Actor;
use tokio::sync::{mpsc, oneshot};
use tokio::time::sleep;

use super::Knobs;
use crate::{AsyncioError, Finally, as_completed, gather, gather_return_exceptions, kinds};

/// Two different futures in one list: boxed, as Python's list holds any coroutine.
type Boxed = std::pin::Pin<Box<dyn Future<Output = Result<u64, AsyncioError>> + Send>>;

/// Squares `i` after sleeping `ms`, as actor `name`.
async fn square(name: String, i: u64, ms: u64) -> Result<u64, AsyncioError> {
    let me = Actor::new(name);
    sleep(Duration::from_millis(ms)).await;
    me.emit(kinds::DONE, (i * i).to_string());
    Ok(i * i)
}

/// Like [`square`], but argument 2 raises `ValueError`.
async fn checked_square(i: u64) -> Result<u64, AsyncioError> {
    let me = Actor::new(format!("try-{i}"));
    sleep(Duration::from_millis((4 - i) * 5)).await;
    if i == 2 {
        me.emit(kinds::ERROR, "ValueError");
        return Err(AsyncioError::ValueError(format!("bad input {i}")));
    }
    me.emit(kinds::DONE, (i * i).to_string());
    Ok(i * i)
}

/// `await asyncio.gather(*[square(i) for i in range(5)])`, then its other modes.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("runtime", &k.runtime.name())]);
    let main = Actor::new("main");
    let rt = k.runtime.build().context("building the runtime")?;
    rt.block_on(async {
        let n = 5;
        let names: Vec<String> = (0..n).map(|i| format!("task-{i}")).collect();
        for name in &names {
            main.emit(kinds::ARG, name.as_str());
        }
        // The first argument sleeps longest and ends last.
        let squares = (0..n).map(|i| square(names[i as usize].clone(), i, (n - i) * 5));
        let values = gather(squares).await.context("a gathered task failed")?;
        for name in &names {
            main.emit(kinds::RESULT, name.as_str());
        }
        main.print(format!("gather(square(0..5)) -> {values:?}"));

        // return_exceptions=True: each failure stays in its place in the list.
        for i in 0..4 {
            main.emit(kinds::ARG, format!("try-{i}"));
        }
        let mut shown = Vec::new();
        for (i, joined) in gather_return_exceptions((0..4).map(checked_square))
            .await
            .into_iter()
            .enumerate()
        {
            main.emit(kinds::RESULT, format!("try-{i}"));
            shown.push(match joined {
                Ok(v) => format!("{v}"),
                Err(e) => format!("{e}"),
            });
        }
        main.print(format!(
            "gather(..., return_exceptions=True) -> [{}]",
            shown.join(", ")
        ));

        fail_fast(&main).await?;
        cancelled_awaiter(&main).await?;

        // asyncio.as_completed: results as the tasks finish (the last argument first here,
        // usually: the sleeps order them, and a loaded machine may not).
        for i in 0..n {
            main.emit(kinds::ARG, format!("set-{i}"));
        }
        let mut done = as_completed(
            (0..n).map(|i| square(format!("set-{i}"), i, (n - i) * 5)),
            None,
        );
        let mut completed = Vec::new();
        while let Some((i, r)) = done.next().await {
            main.emit(kinds::RESULT, format!("set-{i}"));
            completed.push(r.context("an as_completed task failed")?);
        }
        main.print(format!("as_completed -> {completed:?}"));
        Ok(())
    })
}

/// New over Python's docs: fail-fast shown causally. `slow` cannot end before main opens its
/// gate, and main opens it only after gather has raised: so gather did not wait for it.
async fn fail_fast(main: &Actor) -> anyhow::Result<()> {
    let (open, gate) = oneshot::channel::<()>();
    let (ended_tx, ended) = oneshot::channel::<()>();
    let slow = async move {
        let me = Actor::new("slow");
        let _ = gate.await;
        me.emit(kinds::DONE, "slow");
        let _ = ended_tx.send(());
        Ok(0)
    };
    let fails = async {
        let me = Actor::new("fails");
        me.emit(kinds::ERROR, "ValueError");
        Err(AsyncioError::ValueError("fails".into()))
    };
    let futs: Vec<Boxed> = vec![Box::pin(slow), Box::pin(fails)];
    let Err(e) = gather(futs).await else {
        bail!("gather succeeded, but one argument always fails");
    };
    main.emit(kinds::RAISE, e.to_string());
    main.print(format!(
        "gather(slow, fails) raised {e} while slow was still waiting"
    ));
    let _ = open.send(());
    ended
        .await
        .context("slow did not run on after gather raised")?;
    main.print("...and slow ran on to its end, as in Python: nobody cancelled it");
    Ok(())
}

/// Cancelling the task that awaits `gather` cancels the children that are not done.
async fn cancelled_awaiter(main: &Actor) -> anyhow::Result<()> {
    // Each child holds a sender: the channel closes once every child's future is dropped.
    let (alive, mut all_gone) = mpsc::channel::<()>(1);
    let started = std::sync::Arc::new(tokio::sync::Barrier::new(3));
    let children: Vec<_> = (0..2)
        .map(|i| {
            let alive = alive.clone();
            let started = started.clone();
            async move {
                let _alive = alive; // dropped after the guard: the channel closes last
                let me = Actor::new(format!("child-{i}"));
                let guard = Finally::new(&me);
                started.wait().await;
                sleep(Duration::from_secs(10)).await;
                guard.finished();
                Ok(i)
            }
        })
        .collect();
    drop(alive);
    let awaiter = tokio::spawn(gather(children));
    started.wait().await;
    awaiter.abort(); // task.cancel() on the task awaiting gather
    match awaiter.await {
        Err(e) if e.is_cancelled() => {}
        other => bail!("the awaiter was not cancelled: {other:?}"),
    }
    let _ = all_gone.recv().await; // None: every child's future was dropped
    main.emit(kinds::CANCEL, "awaiter");
    main.print("cancelling the task awaiting gather cancelled both children (cleanup ran)");
    Ok(())
}
