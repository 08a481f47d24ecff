//! A worker that stalls between its work and its `XACK` until told to go on: how the
//! partition cell puts an acknowledgement on a link it has just cut.
//!
//! The word to go on cannot come through Redis (the worker is cut off from it): it is a
//! SIGUSR1 from the lesson, the lab's hand on the machine rather than a message on the
//! network. The signal is blocked from the worker's start and taken with `sigwait`, so one
//! sent before the worker waits is kept, not lost, and never kills it.

use nix::sys::signal::{SigSet, Signal};

fn set() -> SigSet {
    let mut s = SigSet::empty();
    s.add(Signal::SIGUSR1);
    s
}

/// Blocks SIGUSR1 in this thread (call before the worker can be told; threads started after
/// inherit it). Blocking a valid signal cannot fail.
pub fn prepare() {
    let _ = set().thread_block();
}

/// Waits until SIGUSR1 comes.
pub fn wait() {
    // sigwait fails only for an invalid set; then the worker goes on at once, and the
    // partition cell's properties catch an ack sent before the cut.
    let _ = set().wait();
}
