//! Forking a process that has threads: why Python 3.12 warns, and how `Process::start` copes.

use std::sync::mpsc::channel;
use std::sync::{Mutex, TryLockError};
use std::time::Duration;

use anyhow::Context;
use interleaving::{Actor, emit};

use super::Knobs;
use crate::{Process, kinds};

/// A lock of the program's own, as `logging`'s handler lock is in Python.
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// What the first child reports when it finds the log's lock held.
pub const HELD_AT_FORK: &str =
    "the log lock is held by a thread that does not exist here: lock() would wait for ever";
/// What the second child reports when it takes stdout's lock.
pub const STDOUT_FREE: &str = "stdout's lock was free in the child";

/// The child of the pitfall: it only *tries* the lock, so the demo ends; a real program
/// would call `lock()` (log a line) and hang for ever.
fn pitfall_child() {
    let me = Actor::new("pitfall-child");
    match LOG.try_lock() {
        Err(TryLockError::WouldBlock) => me.print(HELD_AT_FORK),
        _ => me.print("the log lock was free"),
    }
}

/// The child of the fix: it takes stdout's lock, which another thread held just before.
fn fix_child() {
    let me = Actor::new("fix-child");
    let stdout = std::io::stdout().lock();
    me.print(STDOUT_FREE);
    drop(stdout);
}

fn exitcode(p: &mut Process) -> String {
    p.exitcode().map_or("none".into(), |c| c.to_string())
}

/// Python 3.12 warns "This process is multi-threaded, use of fork() may lead to deadlocks in
/// the child." `fork` copies the whole memory, every lock included, but only the thread that
/// called it: a lock another thread held at that instant stays held in the child, by nobody,
/// for ever. First the pitfall, with a lock of our own that a "logger" thread holds across the
/// fork. Then the fix CPython applies to its own locks (`os.register_at_fork`), which
/// `Process::start` applies to every lock a child of ours needs (stdout's, the list of live
/// children): take them in the forking thread first, so that no other thread is inside one at
/// the fork, and release them on both sides after.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    // No knob turns this cell, but every cell opens with its (here empty) knob event.
    interleaving::knob::emit(&[]);
    let main = Actor::new("main");

    // The pitfall: the logger holds LOG from before the fork until after the child is joined.
    let (held_tx, held) = channel();
    let (release, release_rx) = channel::<()>();
    let mut child = Process::new("pitfall-child", pitfall_child);
    std::thread::scope(|s| -> anyhow::Result<()> {
        s.spawn(move || {
            let logger = Actor::new("logger");
            let mut log = LOG.lock().unwrap_or_else(|e| e.into_inner());
            logger.emit(kinds::ACQUIRE, "log");
            let _ = held_tx.send(());
            let _ = release_rx.recv();
            log.push("logger: done".into());
            logger.emit(kinds::RELEASE, "log");
        });
        let _ = held.recv();
        let forked = child
            .start()
            .context("starting pitfall-child")
            .and_then(|()| {
                main.emit(kinds::START, "pitfall-child");
                child.join().context("joining pitfall-child")
            });
        // Released whatever happened, so the scope's end never waits for ever.
        let _ = release.send(());
        forked
    })?;
    main.print(format!("pitfall-child: exitcode={}", exitcode(&mut child)));

    // New: the fix. A thread holds stdout's lock while main starts a child; start waits for
    // it (the at-fork step), so the child finds it free.
    let (held_tx, held) = channel();
    let mut child = Process::new("fix-child", fix_child);
    std::thread::scope(|s| -> anyhow::Result<()> {
        s.spawn(move || {
            let holder = Actor::new("holder");
            let stdout = std::io::stdout().lock();
            holder.emit(kinds::ACQUIRE, "stdout");
            let _ = held_tx.send(());
            // Some work while holding it; start() waits for the release however long it is.
            std::thread::sleep(Duration::from_millis(20));
            holder.emit(kinds::RELEASE, "stdout");
            drop(stdout);
        });
        let _ = held.recv();
        main.emit(kinds::START, "fix-child");
        child.start().context("starting fix-child")?;
        child.join().context("joining fix-child")
    })?;
    main.print(format!("fix-child: exitcode={}", exitcode(&mut child)));
    emit::narrate(
        "The first child found the log's lock held by a thread it does not have: it would\n\
         have waited for ever. The second started only once stdout's lock was free: start()\n\
         takes the locks a child needs before it forks. For locks of your own: do not hold\n\
         them across a fork, or use spawn, which starts a fresh program.",
    );
    Ok(())
}
