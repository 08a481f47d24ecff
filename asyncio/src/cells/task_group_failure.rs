//! A `TaskGroup` child fails: the sibling and the body are cancelled in that same step, and
//! the group raises an `ExceptionGroup` listing every failure.

use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::Actor;
use tokio::time::sleep;

use super::Knobs;
use crate::{AsyncioError, Finally, kinds, task_group};

/// Raises at its first step (`async def fails(): raise ValueError(name)`).
async fn fails(name: &'static str) -> Result<(), AsyncioError> {
    Actor::new(name).emit(kinds::ERROR, name);
    Err(AsyncioError::ValueError(name.into()))
}

/// Would sleep 10 s; cancelled long before.
async fn sibling() -> Result<(), AsyncioError> {
    let me = Actor::new("sibling");
    let guard = Finally::new(&me);
    sleep(Duration::from_secs(10)).await;
    me.print("sibling: finished");
    guard.finished();
    Ok(())
}

/// Two children raise at once, one sleeps, the body sleeps too.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("runtime", &k.runtime.name())]);
    let main = Actor::new("main");
    let body = Actor::new("body");
    let rt = k.runtime.build().context("building the runtime")?;
    rt.block_on(async {
        let body = &body;
        let outcome = task_group(|tg| async move {
            tg.spawn_named("sibling", sibling())?;
            tg.spawn_named("fail-0", fails("fail-0"))?;
            tg.spawn_named("fail-1", fails("fail-1"))?;
            let guard = Finally::new(body);
            sleep(Duration::from_secs(10)).await; // the children fail meanwhile
            guard.finished();
            Ok(())
        })
        .await;
        let Err(eg) = outcome else {
            bail!("the group succeeded, but two of its children always fail");
        };
        main.emit(kinds::GROUP_END, eg.to_string());
        for e in &eg.exceptions {
            let AsyncioError::ValueError(who) = e else {
                bail!("unexpected error in the group: {e}");
            };
            main.emit(kinds::RAISE, who.as_str());
        }
        main.print(format!(
            "the TaskGroup raised {eg}: [{}]; sibling and body were cancelled first",
            eg.exceptions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        Ok(())
    })
}
