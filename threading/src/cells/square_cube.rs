//! In [7] to In [12]: `Thread(target=square, args=(2,))`, `start`, `print("Hello")`, `join`.

use std::thread;

use anyhow::Context;
use interleaving::kinds;

use super::Knobs;
use crate::{cube, square};

/// "As we can see, the thread utilises the same `STDOUT`, it can even interfere within the
/// function while running. [...] Join makes it wait synchronously, and the executes the lines
/// afterwards."
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = super::main_actor();
    // In [9]-[11]: t1 = Thread(target=square, args=(2,)); t1.start(); the same for cube.
    // Named threads, so a panic message says whose it was.
    let t1 = thread::Builder::new()
        .name("square".into())
        .spawn(|| square(2))
        .context("starting thread square")?;
    main.emit(kinds::START, "square");
    let t2 = thread::Builder::new()
        .name("cube".into())
        .spawn(|| cube(3))
        .context("starting thread cube")?;
    main.emit(kinds::START, "cube");
    // Not waiting: this line races the two threads' output.
    main.print("Hello");

    // In [12]: t1.join(); t2.join(); print("Hello"). A panic in a thread comes back as Err.
    for (name, handle) in [("square", t1), ("cube", t2)] {
        handle
            .join()
            .map_err(|_| anyhow::anyhow!("thread {name} panicked"))?;
        main.emit(kinds::JOIN, name);
    }
    main.print("Hello");
    Ok(())
}
