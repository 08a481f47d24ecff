//! `asyncio.Semaphore(K)` is `tokio::sync::Semaphore`: never more than K tasks inside.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context;
use interleaving::Actor;
use tokio::sync::Semaphore;
use tokio::time::{sleep, timeout};

use super::Knobs;
use crate::{kinds, runtime};

/// Shared by the workers: the semaphore, and how many are inside now and at most.
struct Door {
    permits: Semaphore,
    inside: AtomicUsize,
    most: AtomicUsize,
}

/// `async with sem: ...`: take a permit, do the guarded work, give the permit back.
async fn worker(i: u64, door: Arc<Door>) -> anyhow::Result<()> {
    let me = Actor::new(format!("worker-{i}"));
    let permit = door
        .permits
        .acquire()
        .await
        .context("the semaphore was closed")?;
    // Inside: say so only once the permit is ours, and leave before giving it back, so
    // that the trace never shows more inside than really were.
    me.emit(kinds::ENTER, me.name());
    let now = door.inside.fetch_add(1, Ordering::SeqCst) + 1;
    door.most.fetch_max(now, Ordering::SeqCst);
    sleep(Duration::from_millis(10)).await;
    door.inside.fetch_sub(1, Ordering::SeqCst);
    me.emit(kinds::LEAVE, me.name());
    drop(permit);
    Ok(())
}

/// `sem = asyncio.Semaphore(3)`, 8 workers, on a multi-thread runtime so they really race.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("workers", &k.workers), ("permits", &k.permits)]);
    let main = Actor::new("main");
    let rt = runtime::multi_thread(2).context("building a multi_thread runtime")?;
    rt.block_on(async {
        let door = Arc::new(Door {
            permits: Semaphore::new(k.permits as usize),
            inside: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
        });
        main.emit(kinds::PERMITS, k.permits.to_string());
        let mut handles = Vec::new();
        for i in 0..k.workers {
            main.emit(kinds::SPAWN, format!("worker-{i}"));
            handles.push(tokio::spawn(worker(i, door.clone())));
        }
        let all = async {
            for h in handles {
                h.await.context("a worker panicked")??;
            }
            Ok::<_, anyhow::Error>(())
        };
        timeout(Duration::from_secs(30), all)
            .await
            .context("the workers did not finish within 30 s")??;
        main.print(format!(
            "{} workers, {} permits: at most {} were inside at once",
            k.workers,
            k.permits,
            door.most.load(Ordering::SeqCst)
        ));
        Ok(())
    })
}
