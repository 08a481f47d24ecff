//! New: Python's `t.join(timeout)`, as the lib's [`crate::join_timeout`].

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use anyhow::Context;
use interleaving::{Actor, kinds as k};

use super::Knobs;
use crate::{Event, Joined, join_timeout, kinds};

/// A thread that waits for main's go, so the first join must time out.
fn sleeper(go: &Event) -> &'static str {
    go.wait();
    Actor::new("sleeper").print("sleeper: woke up");
    "done"
}

/// `t.join(0.02)` then `t.is_alive()`: `True`, because the thread waits for an event only
/// main sets after. Then `go.set()` and a join with a long timeout finds it finished.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = super::main_actor();
    let go = Arc::new(Event::new());
    let g = Arc::clone(&go);
    let t = thread::Builder::new()
        .name("sleeper".into())
        .spawn(move || sleeper(&g))
        .context("starting thread sleeper")?;
    let t = match join_timeout(t, Duration::from_millis(20)) {
        Joined::StillRunning(t) => {
            main.print("join(timeout=0.02): still running, is_alive() is True");
            t
        }
        Joined::Finished(_) => anyhow::bail!("the sleeper finished before it was woken"),
    };
    main.emit(kinds::SET, "go");
    go.set();
    // Far longer than the thread needs: a timeout here would mean a lost wake-up.
    match join_timeout(t, Duration::from_secs(60)) {
        Joined::Finished(Ok(v)) => {
            main.emit(k::JOIN, "sleeper");
            main.print(format!("join(timeout=60): finished, returned {v:?}"));
        }
        Joined::Finished(Err(_)) => anyhow::bail!("thread sleeper panicked"),
        Joined::StillRunning(_) => anyhow::bail!("thread sleeper still running after 60 s"),
    }
    Ok(())
}
