//! Python's `try: ... finally:` in a coroutine, as a drop guard.
//!
//! When asyncio cancels a task it throws `CancelledError` into the coroutine at its `await`, so
//! the `finally:` blocks run. tokio cancels by *dropping* the future: no exception, the code
//! after the `.await` never runs, but every local value is dropped, so its `Drop` runs. A guard
//! like this one is how a Rust future cleans up on every path, cancelled or not.

use interleaving::Actor;

use crate::kinds;

/// Emits a `cleanup` event when dropped: `cancelled` unless [`Finally::finished`] was called.
///
/// ```
/// use asyncio::Finally;
/// use interleaving::Actor;
/// let me = Actor::new("task-1");
/// {
///     let _guard = Finally::new(&me); // dropped here without finishing: "cancelled"
/// }
/// assert_eq!(me.next_seq(), 1);
/// ```
#[derive(Debug)]
pub struct Finally<'a> {
    actor: &'a Actor,
    finished: bool,
}

impl<'a> Finally<'a> {
    /// A guard that reports through `actor`.
    pub fn new(actor: &'a Actor) -> Self {
        Finally {
            actor,
            finished: false,
        }
    }

    /// The work ran to its end: the cleanup will say `finished`.
    pub fn finished(mut self) {
        self.finished = true;
    }
}

impl Drop for Finally<'_> {
    fn drop(&mut self) {
        let how = if self.finished {
            "finished"
        } else {
            "cancelled"
        };
        self.actor.emit(kinds::CLEANUP, how);
    }
}
