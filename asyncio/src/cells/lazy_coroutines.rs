//! Coroutines are lazy; `asyncio.run` is `Runtime::block_on`; `current_thread` vs
//! `multi_thread`.

use std::thread;

use anyhow::Context;
use interleaving::Actor;

use super::Knobs;
use crate::{kinds, runtime};

/// An `async fn`: calling it builds a future (Python: a coroutine object) and runs nothing.
async fn greet(me: &Actor, name: &str) -> String {
    me.print(format!("Hello, {name}"));
    format!("greeted {name}")
}

/// "`AsyncIO` - Available after Python 3.7+": `async def`, `await`, `asyncio.run(main())`.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Actor::new("main");
    let coroutine = Actor::new("coroutine");
    let never = Actor::new("never-awaited");
    // asyncio.run(main()) <-> runtime.block_on(main): the runtime is the event loop.
    let rt = runtime::current_thread().context("building a current_thread runtime")?;
    rt.block_on(async {
        let fut = greet(&coroutine, "asyncio");
        main.print("called greet(): nothing has run yet");
        main.emit(kinds::AWAIT, "greet");
        let got = fut.await;
        main.print(format!("awaited greet(): {got}"));

        // Python: "RuntimeWarning: coroutine 'greet' was never awaited", at run time.
        // Rust: `greet(..);` alone is a compile-time warning (futures are #[must_use]); here
        // we drop it on purpose, and its body never runs.
        drop(greet(&never, "nobody"));
        main.print("dropped a second greet() unawaited: its body never ran");
    });

    // current_thread: block_on drives every task on the calling thread, like asyncio's loop.
    let here = thread::current().id();
    // (rt.spawn is tokio::spawn from outside the runtime.)
    let on_main = rt
        .block_on(rt.spawn(async move { thread::current().id() == here }))
        .context("the current_thread task failed")?;
    main.print(format!(
        "current_thread runtime: the spawned task ran on the main thread: {on_main}"
    ));

    // multi_thread (what #[tokio::main] builds): spawned tasks run on a pool of workers.
    let mt = runtime::multi_thread(2).context("building a multi_thread runtime")?;
    let worker = mt
        .block_on(mt.spawn(async { thread::current().name().unwrap_or("unnamed").to_owned() }))
        .context("the multi_thread task failed")?;
    main.print(format!(
        "multi_thread runtime: the spawned task ran on thread {worker:?}"
    ));
    Ok(())
}
