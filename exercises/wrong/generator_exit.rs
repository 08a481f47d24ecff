//! A wrong fix of `generator-exit`: catch `GeneratorExit`, print `Done`, and go on
//! looping. The body yields again after `close()`: Python's "generator ignored
//! GeneratorExit".
//!
//! Exercise `generator-exit` (coroutines lesson, cell `fancy-name`; notebook In [27]-[32]).
//!
//! This `fancy_name` is yours: it prints `Cool:NAME` for every name sent to it, and should
//! print `Done` when it is closed, as the notebook's does. `close()` raises `GeneratorExit`
//! at the `yield`; here the `?` passes it straight out of the body, so `Done` is never
//! printed. Make `close()` print `Done` and end the generator cleanly. Judge it with
//! `cargo xtask exercise generator-exit`.
//!
//! The same bug in Python:
//!
//! ```python
//! def fancy_name(prefix):
//!     while True:
//!         name = (yield)
//!         print(prefix + ":" + name)
//!     print("Done")        # never reached: close() raises GeneratorExit at the yield
//! ```

use std::process::ExitCode;
use std::rc::Rc;

use anyhow::Context;
use coroutines::{Exception, Traced};
use exercises::lab;
use interleaving::Actor;

fn main() -> ExitCode {
    lab::run("coroutines", "generator-exit", &[], |_main: &Actor| run())
}

/// Prints `prefix:name` for every name sent in.
fn fancy_name(caller: &Rc<Actor>, prefix: &'static str) -> Traced<(), String> {
    Traced::new(caller, "fancy_name", move |co, me| {
        loop {
            match co.yield_(()) {
                Ok(name) => me.print(format!("{prefix}:{}", name.unwrap_or_default())),
                Err(Exception::GeneratorExit) => me.print("Done"),
                Err(other) => return Err(other),
            }
        }
    })
}

fn run() -> anyhow::Result<()> {
    let repl = Rc::new(Actor::new("repl"));
    let mut co = fancy_name(&repl, "Cool");
    co.advance().context("next(co)")?;
    co.send("Utkarsh".into()).context("co.send(\"Utkarsh\")")?;
    co.send("Gupta".into()).context("co.send(\"Gupta\")")?;
    match co.close() {
        Ok(_) => repl.emit("closed", "ok"),
        Err(e) => repl.emit("closed", e.to_string()),
    }
    Ok(())
}
