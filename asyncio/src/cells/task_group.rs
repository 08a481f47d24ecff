//! `asyncio.TaskGroup`: the group waits for every child; `task.cancel()` on one child does not
//! fail it; cancelling the owner cancels the children before the owner is seen cancelled.

use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::Actor;
use tokio::time::sleep;

use super::Knobs;
use crate::{AsyncioError, Finally, kinds, task_group};

/// Returns `i * 10` after `ms` milliseconds, reporting its cleanup.
async fn child(name: String, i: u64, ms: u64) -> Result<u64, AsyncioError> {
    let me = Actor::new(name);
    let guard = Finally::new(&me);
    sleep(Duration::from_millis(ms)).await;
    me.emit(kinds::DONE, (i * 10).to_string());
    guard.finished();
    Ok(i * 10)
}

/// `async with TaskGroup() as tg: t = tg.create_task(...)`, one child cancelled on purpose.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("runtime", &k.runtime.name())]);
    let main = Actor::new("main");
    let rt = k.runtime.build().context("building the runtime")?;
    rt.block_on(async {
        let (fast, slow) = task_group(|tg| async move {
            let fast = tg.spawn_named("tg-0", child("tg-0".into(), 0, 5))?;
            let slow = tg.spawn_named("tg-1", child("tg-1".into(), 1, 10_000))?;
            let also = tg.spawn_named("tg-2", child("tg-2".into(), 2, 10))?;
            let v = fast.await?;
            slow.cancel(); // task.cancel(): this child ends cancelled, the group goes on
            Ok((v, (slow, also)))
        })
        .await
        .map(|(v, (slow, also))| ((v, also), slow))
        .context("the group failed")?;
        main.emit(kinds::GROUP_END, "ok");
        let (v0, also) = fast;
        main.print(format!(
            "TaskGroup ended: tg-0 -> {v0}, tg-2 -> {}, tg-1 cancelled on purpose: {}",
            also.result()?,
            slow.cancelled()
        ));
        owner_cancelled(&main).await
    })
}

/// `owner = create_task(runs_a_group()); owner.cancel()`: its children end with it.
async fn owner_cancelled(main: &Actor) -> anyhow::Result<()> {
    let (started, all_started) = tokio::sync::oneshot::channel::<()>();
    let owner = tokio::spawn(task_group(|tg| async move {
        for i in 0..2 {
            let name = format!("owned-{i}");
            tg.spawn_named(name.clone(), child(name, i, 10_000))?;
        }
        tokio::task::yield_now().await; // let the children start
        let _ = started.send(());
        sleep(Duration::from_secs(10)).await;
        Ok(())
    }));
    all_started.await.context("the owner never started")?;
    owner.abort();
    match owner.await {
        // By the time the owner's handle says cancelled, its group's children were dropped.
        Err(e) if e.is_cancelled() => main.emit(kinds::CANCEL, "owner"),
        other => bail!("the owner was not cancelled: {other:?}"),
    }
    main.print("the owner was cancelled; both of its children were cancelled first");
    Ok(())
}
