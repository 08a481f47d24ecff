//! Exercise `never-primed` (coroutines lesson, cell `fancy-name`; notebook In [27]-[32]).
//!
//! `fancy_name("Cool")` is the notebook's generator: it prints `Cool:NAME` for every name
//! sent to it, and `Done` when closed. Sending "Utkarsh" fails: a generator that has not run
//! yet has no `yield` waiting to receive the value. Make the output the notebook's:
//! `Cool:Utkarsh`, `Cool:Gupta`, `Done`. Judge it with `cargo xtask exercise never-primed`.
//!
//! The same bug in Python:
//!
//! ```python
//! co = fancy_name("Cool")
//! co.send("Utkarsh")   # TypeError: can't send non-None value to a just-started generator
//! ```

use std::process::ExitCode;
use std::rc::Rc;

use anyhow::Context;
use coroutines::notebook::fancy_name;
use exercises::lab;
use interleaving::Actor;

fn main() -> ExitCode {
    lab::run("coroutines", "never-primed", &[], |_main: &Actor| run())
}

fn run() -> anyhow::Result<()> {
    // The generator's caller, as the notebook's REPL was.
    let repl = Rc::new(Actor::new("repl"));
    let mut co = fancy_name(&repl, "Cool");
    for name in ["Utkarsh", "Gupta"] {
        co.send(name.into())
            .with_context(|| format!("co.send({name:?})"))?;
    }
    co.close().context("co.close()")?;
    Ok(())
}
