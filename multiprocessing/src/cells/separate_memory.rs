//! Processes do not share memory: each has its own copy.

use std::sync::Mutex;

use anyhow::Context;
use interleaving::{Actor, emit};

use super::Knobs;
use crate::Process;

/// A module-level list, as in Python (`data = [1, 2, 3]` at the top of a script).
static DATA: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn show(who: &Actor, label: &str) {
    let data = DATA.lock().map(|d| d.clone()).unwrap_or_default();
    who.print(format!("{label}: data = {data:?}"));
}

/// After `fork`, parent and child see the same addresses, but each address now holds two
/// copies: the child's append changes only the child's. Threads would share the one list
/// (that is the threading lesson); processes must send what they want the other to see
/// (a Pipe or a Queue, below).
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Actor::new("main");
    *DATA.lock().map_err(|_| anyhow::anyhow!("poisoned"))? = vec![1, 2, 3];
    emit::narrate(&format!(
        "data lives at {:p}, in the parent and in the child.",
        &DATA
    ));
    let mut child = Process::new("child", || {
        if let Ok(mut d) = DATA.lock() {
            d.push(4);
        }
        show(&Actor::new("child"), "child after append");
    });
    child.start().context("starting child")?;
    child.join().context("joining child")?;
    show(&main, "parent after join");
    Ok(())
}
