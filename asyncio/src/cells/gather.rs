//! `create_task` is `tokio::spawn`; `gather` keeps argument order; `return_exceptions=True`
//! is a `Vec<Result<_, _>>`.

use std::time::Duration;

use anyhow::Context;
use interleaving::Actor;
use tokio::time::sleep;

use super::Knobs;
use crate::{AsyncioError, gather, kinds, runtime};

/// Squares `i` after sleeping `ms`, as actor `name`.
async fn square(name: String, i: u64, ms: u64) -> u64 {
    let me = Actor::new(name);
    sleep(Duration::from_millis(ms)).await;
    me.emit(kinds::DONE, (i * i).to_string());
    i * i
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

/// `await asyncio.gather(*[asyncio.create_task(square(i)) for i in range(5)])`.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Actor::new("main");
    let rt = runtime::current_thread().context("building a current_thread runtime")?;
    rt.block_on(async {
        let n = 5;
        let mut handles = Vec::new();
        for i in 0..n {
            main.emit(kinds::ARG, format!("task-{i}"));
            // asyncio.create_task(square(i)); the first argument sleeps longest, ends last.
            handles.push(tokio::spawn(square(format!("task-{i}"), i, (n - i) * 5)));
        }
        let mut values = Vec::new();
        for (i, result) in gather(handles).await.into_iter().enumerate() {
            values.push(result.context("a gathered task failed")?);
            main.emit(kinds::RESULT, format!("task-{i}"));
        }
        main.print(format!("gather(square(0..5)) -> {values:?}"));

        // tokio::join! for a fixed set of futures: also in argument order, as a tuple. It
        // polls them inside the current task instead of spawning.
        let (a, b) = tokio::join!(
            square("join-a".into(), 3, 10),
            square("join-b".into(), 1, 5)
        );
        main.print(format!("join!(square(3), square(1)) -> ({a}, {b})"));

        // asyncio.as_completed: a JoinSet hands results back as tasks finish (order may vary).
        let mut set = tokio::task::JoinSet::new();
        for i in 0..n {
            set.spawn(square(format!("set-{i}"), i, (n - i) * 5));
        }
        let mut completed = Vec::new();
        while let Some(done) = set.join_next().await {
            completed.push(done.context("a JoinSet task failed")?);
        }
        main.print(format!(
            "JoinSet::join_next (as_completed) -> {completed:?}"
        ));

        // return_exceptions=True: each failure stays in its place in the list.
        let mut handles = Vec::new();
        for i in 0..4 {
            main.emit(kinds::ARG, format!("try-{i}"));
            handles.push(tokio::spawn(checked_square(i)));
        }
        let mut shown = Vec::new();
        for (i, joined) in gather(handles).await.into_iter().enumerate() {
            main.emit(kinds::RESULT, format!("try-{i}"));
            shown.push(match joined.context("a gathered task panicked")? {
                Ok(v) => format!("{v}"),
                Err(e) => format!("{e}"),
            });
        }
        main.print(format!(
            "gather(..., return_exceptions=True) -> [{}]",
            shown.join(", ")
        ));
        Ok(())
    })
}
