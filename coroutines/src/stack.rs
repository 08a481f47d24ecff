//! Where a generator's stack comes from, and why it matters for speed.
//!
//! A stackful coroutine needs its own call stack. `corosensei`'s default is a fresh 1 MiB
//! `mmap` per coroutine: a few system calls (`mmap`, `mprotect`, `munmap`) and page faults on
//! first touch. Python pays nothing of the kind: a generator's frame is a small heap object.
//!
//! Measured with `cargo bench -p coroutines` (2 shared cores, so give or take a third), for a
//! small generator's whole life (create, prime, one send, close):
//!
//! | stack | time |
//! |---|---|
//! | raw corosensei, default 1 MiB `mmap` | 12 to 18 us |
//! | raw corosensei, right-sized 16 KiB `mmap` | 12 to 20 us: the system calls cost, not the size |
//! | `Generator`, [`Stack::Fresh`] 64 KiB | 9 to 14 us |
//! | `Generator`, [`Stack::Pooled`] (the default) | 85 to 140 ns |
//! | Python 3.11 on the same machine | 300 to 460 ns |
//!
//! Right-sizing alone does not help: the cost is the system calls and first-touch page
//! faults, whatever the size. So by default a generator takes a [`DEFAULT_STACK_SIZE`] stack
//! from a per-thread pool and gives it back when it finishes or is dropped: after the first
//! generator, creating one makes no system call at all, and its pages are already mapped in.
//! [`Stack::Fresh`] maps a stack of any size instead (for a body that recurses deeply), and
//! unmaps it at the end.
//!
//! A stack overflow hits the guard page below the stack and kills the process with SIGSEGV
//! (Rust's main-thread overflow handler does not know this stack): keep bodies shallow, or ask
//! for a bigger [`Stack::Fresh`].

use std::cell::RefCell;
use std::io;

use corosensei::stack::DefaultStack;

/// The size of a pooled stack: 64 KiB, room for a body that formats and prints (a debug
/// build's `format!` and JSON encoding use a few KiB), far from the 1 MiB default.
pub const DEFAULT_STACK_SIZE: usize = 64 * 1024;

/// How many free stacks a thread keeps for reuse; more are unmapped.
pub const POOL_CAPACITY: usize = 64;

/// Which stack a new generator runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stack {
    /// A [`DEFAULT_STACK_SIZE`] stack from this thread's pool, returned to it at the end.
    #[default]
    Pooled,
    /// A stack of its own, at least this many bytes, mapped now and unmapped at the end.
    Fresh(usize),
}

thread_local! {
    static POOL: RefCell<Vec<DefaultStack>> = const { RefCell::new(Vec::new()) };
}

/// A stack for a new generator.
pub(crate) fn take(kind: Stack) -> io::Result<DefaultStack> {
    match kind {
        Stack::Pooled => {
            let reused = POOL.try_with(|pool| pool.borrow_mut().pop()).ok().flatten();
            match reused {
                Some(stack) => Ok(stack),
                None => DefaultStack::new(DEFAULT_STACK_SIZE),
            }
        }
        Stack::Fresh(size) => DefaultStack::new(size),
    }
}

/// Gives a finished generator's stack back: to the pool if it came from there and the pool
/// has room, otherwise it is unmapped (dropped).
pub(crate) fn give_back(stack: DefaultStack, kind: Stack) {
    if kind != Stack::Pooled {
        return;
    }
    // During thread teardown the pool may be gone already: then the stack is just dropped.
    let _ = POOL.try_with(move |pool| {
        let mut pool = pool.borrow_mut();
        if pool.len() < POOL_CAPACITY {
            pool.push(stack);
        }
    });
}

/// How many free stacks this thread's pool holds now (for tests and benchmarks).
pub fn pooled() -> usize {
    POOL.try_with(|pool| pool.borrow().len()).unwrap_or(0)
}
