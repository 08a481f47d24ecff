//! Context variables, ported from CPython's `test_tasks.py` (`test_context_1`,
//! `test_context_3`, `test_context_5`) and `test_threads.py` (`test_to_thread_contextvars`), on
//! both runtimes: a task works on a copy of its creator's context, taken when it is created,
//! or in the context it is given (`create_task(coro, context=ctx)`).

mod util;

use std::time::Duration;

use asyncio::{
    AsyncioError, Context, ContextVar, as_completed, copy_context, create_task,
    create_task_with_context, gather, task_group, to_thread,
};
use tokio::time::sleep;
use util::on_both;

/// Runs each scenario in a fresh context: the test thread's own is shared by the runs.
fn fresh<F: Future<Output = ()>>(fut: F) -> impl Future<Output = ()> {
    Context::default().run(fut)
}

static CVAR: ContextVar<&'static str> = ContextVar::new("cvar");

/// `cvar.get()` with Python's `default='nope'`.
fn cvar() -> &'static str {
    CVAR.get().unwrap_or("nope")
}

/// A set after `create_task` is not seen by the task; the task's own set is not seen back.
#[test]
fn test_context_1() {
    on_both(|| {
        fresh(async {
            assert_eq!(cvar(), "nope");
            let subtask = create_task("sub", async {
                sleep(Duration::from_millis(10)).await;
                assert_eq!(cvar(), "nope");
                CVAR.set("something else");
                Ok(cvar())
            });
            CVAR.set("yes");
            assert_eq!(cvar(), "yes");
            assert_eq!(subtask.await, Ok("something else"));
            assert_eq!(cvar(), "yes");
        })
    });
}

static NUM: ContextVar<u64> = ContextVar::new("num");

/// 100 tasks in parallel (gather), each setting the variable and reading its own value back
/// across sleeps; the parent's value is untouched.
#[test]
fn test_context_3() {
    on_both(|| {
        fresh(async {
            let subs = (0..100u64).map(|num| async move {
                for i in 0..10 {
                    NUM.set(num + i);
                    sleep(Duration::from_millis((num * 7 + i * 13) % 5 + 1)).await;
                    if NUM.get() != Some(num + i) {
                        return Err(AsyncioError::ValueError(format!("{num}+{i} lost")));
                    }
                }
                Ok(())
            });
            assert!(gather(subs.collect::<Vec<_>>()).await.is_ok());
            assert_eq!(NUM.get(), None);
        })
    });
}

static TEST_CTX: ContextVar<&'static str> = ContextVar::new("test_ctx");

/// `to_thread` runs the function in a copy of the caller's context.
#[test]
fn test_to_thread_contextvars() {
    on_both(|| {
        fresh(async {
            TEST_CTX.set("parrot");
            assert_eq!(to_thread(|| TEST_CTX.get()).await, Ok(Some("parrot")));
        })
    });
}

/// As test_context_1, for a TaskGroup's children: each runs in a copy of the body's context,
/// taken at `spawn`; what a child sets stays its own.
#[test]
fn test_context_1_task_group() {
    on_both(|| {
        fresh(async {
            CVAR.set("body");
            let seen = task_group(|tg| async move {
                let first = tg.spawn(async {
                    let before = cvar();
                    CVAR.set("child");
                    Ok((before, cvar()))
                })?;
                CVAR.set("later");
                let second = tg.spawn(async { Ok(cvar()) })?;
                Ok((first.await?, second.await?, cvar()))
            })
            .await
            .unwrap();
            assert_eq!(seen, (("body", "child"), "later", "later"));
        })
    });
}

/// Stated difference: tokio's own spawners copy nothing. A bare `spawn_blocking` (and a bare
/// `tokio::spawn`) runs with its thread's context, not the caller's.
#[test]
fn bare_spawn_blocking_does_not_see_the_context_variables() {
    on_both(|| {
        fresh(async {
            TEST_CTX.set("parrot");
            let seen = tokio::task::spawn_blocking(|| TEST_CTX.get())
                .await
                .unwrap();
            assert_eq!(seen, None);
        })
    });
}

static RUN: ContextVar<u32> = ContextVar::new("run");

/// `asyncio.run(main())` runs `main` as a task, in a copy of the caller's context: it sees the
/// caller's values, and what it sets is not seen after the run.
#[test]
fn asyncio_run_gives_main_a_copy_of_the_callers_context() {
    std::thread::spawn(|| {
        RUN.set(1); // this thread's context: the caller's
        let seen = asyncio::run(async {
            let before = RUN.get();
            RUN.set(2);
            (before, RUN.get())
        })
        .unwrap();
        assert_eq!(seen, (Some(1), Some(2)));
        assert_eq!(RUN.get(), Some(1));
    })
    .join()
    .unwrap();
}

static CTX5: ContextVar<u32> = ContextVar::new("cvar");

/// `asyncio.create_task(coro, context=ctx)`: the task runs in `ctx` itself, so its set is
/// seen through `ctx` once it has run, and a second task given `ctx` sees the first's value.
#[test]
fn test_context_5() {
    on_both(|| {
        fresh(async {
            let coro = |val| async move {
                tokio::task::yield_now().await;
                let before = CTX5.get();
                CTX5.set(val);
                Ok(before)
            };
            let ctx = copy_context();
            let mut ret = vec![ctx.get(&CTX5)];
            let t1 = create_task_with_context("t1", ctx.clone(), coro(1));
            assert_eq!(t1.await, Ok(None));
            ret.push(ctx.get(&CTX5));
            let t2 = create_task_with_context("t2", ctx.clone(), coro(2));
            assert_eq!(t2.await, Ok(Some(1)));
            ret.push(ctx.get(&CTX5));
            assert_eq!(ret, [None, Some(1), Some(2)]);
            assert_eq!(CTX5.get(), None, "the creator's own context is untouched");
        })
    });
}

/// As test_context_5, for `tg.create_task(coro, context=ctx)`: the child runs in `ctx`.
#[test]
fn test_context_5_task_group() {
    on_both(|| {
        fresh(async {
            let ctx = copy_context();
            ctx.clone().run_sync(|| CTX5.set(7));
            let seen = ctx.clone();
            let got = task_group(|tg| async move {
                let child = tg.spawn_with_context(Some("child".into()), seen, async {
                    tokio::task::yield_now().await;
                    let before = CTX5.get();
                    CTX5.set(8);
                    Ok(before)
                })?;
                child.await
            })
            .await
            .unwrap();
            assert_eq!(got, Some(7));
            assert_eq!(ctx.get(&CTX5), Some(8));
            assert_eq!(CTX5.get(), None);
        })
    });
}

static AS_COMPLETED: ContextVar<u32> = ContextVar::new("cvar");

/// `as_completed` makes each awaitable a task (`ensure_future`), which copies the caller's
/// context: each sees the caller's value, and what it sets stays in its own copy.
#[test]
fn as_completed_runs_each_in_a_copy_of_the_callers_context() {
    on_both(|| {
        fresh(async {
            AS_COMPLETED.set(1);
            let mut done = as_completed(
                (0..3u32).map(|i| async move {
                    let before = AS_COMPLETED.get();
                    AS_COMPLETED.set(10 + i);
                    sleep(Duration::from_millis(1)).await;
                    Ok((before, AS_COMPLETED.get()))
                }),
                None,
            );
            let mut seen = Vec::new();
            while let Some((i, result)) = done.next().await {
                seen.push((i, result.unwrap()));
            }
            seen.sort_unstable();
            let want: Vec<_> = (0..3u32)
                .map(|i| (i as usize, (Some(1), Some(10 + i))))
                .collect();
            assert_eq!(seen, want);
            assert_eq!(AS_COMPLETED.get(), Some(1));
        })
    });
}
