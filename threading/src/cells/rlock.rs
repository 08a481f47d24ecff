//! New: Python's `RLock`, as the lib's [`crate::RLock`]: a recursive function takes the lock
//! at every level, and only the owner may release it.

use std::thread;

use interleaving::Actor;

use super::Knobs;
use crate::{RLock, kinds};

/// How deep each thread's recursion goes, taking the lock once per level.
pub const DEPTH: u32 = 3;

/// `def visit(depth): with rlock: ... visit(depth + 1)`: the owner takes the lock again at
/// each level; a plain `Lock` would deadlock on the second `with`.
fn visit(me: &Actor, lock: &RLock, depth: u32) {
    let _held = lock.hold();
    me.emit(kinds::ENTER, depth.to_string());
    me.print(format!(
        "{}: depth {depth}, holding {} levels",
        me.name(),
        lock.count()
    ));
    if depth < DEPTH {
        visit(me, lock, depth + 1);
    }
    me.emit(kinds::LEAVE, depth.to_string());
}

/// Two threads each recurse three levels deep under one `RLock`: one owner at a time, and the
/// other starts only once the first has released every level. Then main calls `release()`
/// without owning it: Python's `RuntimeError`, here an `Err`.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("depth", &DEPTH)]);
    let main = super::main_actor();
    let lock = RLock::new();
    thread::scope(|s| {
        for name in ["rlock-a", "rlock-b"] {
            let lock = &lock;
            s.spawn(move || visit(&Actor::new(name), lock, 1));
        }
    });
    match lock.release() {
        Ok(()) => main.print("release() without owning it: allowed?!"),
        Err(e) => main.print(format!("release() without owning it: RuntimeError: {e}")),
    }
    Ok(())
}
