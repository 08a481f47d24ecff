//! The fork + buffered stdout trap.

use anyhow::Context;
use interleaving::{Actor, emit};

use super::Knobs;
use crate::{Process, pybuffer};

fn child_prints(tag: &'static str) -> impl FnOnce() + Send + 'static {
    move || {
        let me = Actor::new(format!("{tag}-child"));
        pybuffer::print(&format!("{tag}: the child's own line"));
        // Python flushes sys.stdout when a child exits; that writes the copied text too.
        pybuffer::flush(&me);
    }
}

/// Run a Python script with its output into a pipe (`python3 x.py | cat`), `print` before a
/// fork, and the line comes out twice: `print` only filled the buffer, `fork` copied it, and
/// both processes flushed their copy. The fix is `sys.stdout.flush()` (or `print(...,
/// flush=True)`) before starting a process; our `Process::start` flushes Rust's own stdout
/// for you, but a buffer of your own is yours to flush.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Actor::new("main");

    // The trap: printed once, into the buffer; not flushed before the fork.
    pybuffer::print("trap: printed once, before fork");
    let mut child = Process::new("trap-child", child_prints("trap"));
    child.start().context("starting trap-child")?;
    child.join().context("joining trap-child")?;
    pybuffer::print("trap: the parent's own line");
    pybuffer::flush(&main);
    emit::narrate(
        "\"trap: printed once, before fork\" came out twice: once from each copy of the buffer.",
    );

    // The fix: flush before forking, so the child's copy of the buffer is empty.
    pybuffer::print("fix: printed once, before fork");
    pybuffer::flush(&main);
    let mut child = Process::new("fix-child", child_prints("fix"));
    child.start().context("starting fix-child")?;
    child.join().context("joining fix-child")?;
    pybuffer::print("fix: the parent's own line");
    pybuffer::flush(&main);
    Ok(())
}
