//! CPython's `Lib/test/test_asyncio/test_runners.py`, ported to [`asyncio::run`].

mod util;

use std::time::Duration;

use asyncio::{AsyncioError, Flavour, run, run::run_with};
use util::Cleanups;

#[test]
fn test_asyncio_run_return() {
    assert_eq!(run(async { 42 }), Ok(42));
}

#[test]
fn test_asyncio_run_raises() {
    let r = run(async { Err::<(), _>(AsyncioError::ValueError("spam".into())) });
    assert_eq!(r, Ok(Err(AsyncioError::ValueError("spam".into()))));
}

#[test]
fn test_asyncio_run_from_running_loop() {
    let inner = run(async { run(async { 1 }) }).unwrap();
    assert!(
        matches!(inner, Err(AsyncioError::RuntimeError(m)) if m.contains("running event loop"))
    );
    // And from a multi_thread runtime's task.
    let inner = run_with(Flavour::Multi, async {
        tokio::spawn(async { run(async { 1 }) }).await.unwrap()
    })
    .unwrap();
    assert!(matches!(inner, Err(AsyncioError::RuntimeError(_))));
}

/// Tasks left when main returns are cancelled (their cleanup has run) before run returns;
/// on both runtimes, repeated.
#[test]
fn test_asyncio_run_cancels_hanging_tasks() {
    for flavour in [Flavour::Current, Flavour::Multi] {
        for _ in 0..50 {
            let cleaned = Cleanups::default();
            let c = cleaned.clone();
            run_with(flavour, async move {
                for _ in 0..3 {
                    // The guard is made at spawn, not at the task's first poll: on the
                    // multi-thread runtime a task may not have started when main returns, and
                    // it must not outlive `run` either (CPython: `lo_task.done()`).
                    let g = c.guard();
                    tokio::spawn(async move {
                        let _g = g;
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                    });
                }
                tokio::task::yield_now().await;
            })
            .unwrap();
            assert_eq!(
                cleaned.count(),
                3,
                "{flavour:?}: a task outlived asyncio.run"
            );
        }
    }
}

/// The difference `run` fixes: a bare `block_on` leaves the task in the runtime, and it
/// resumes at the next `block_on`.
#[test]
fn block_on_leaves_tasks_for_the_next_block_on() {
    let rt = asyncio::runtime::current_thread().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    rt.block_on(async {
        tokio::spawn(async move {
            tokio::task::yield_now().await;
            let _ = tx.send("still alive");
        });
    });
    assert_eq!(rt.block_on(rx), Ok("still alive"));
}
