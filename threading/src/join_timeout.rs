//! Python's `t.join(timeout)`: wait for a thread, but not for ever.

use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// What [`join_timeout`] found.
#[derive(Debug)]
pub enum Joined<T> {
    /// The thread finished in time; its result (`Err` holds the panic if it panicked).
    Finished(thread::Result<T>),
    /// Still running when the time was up; the handle comes back so you can join again.
    StillRunning(JoinHandle<T>),
}

/// Waits at most `timeout` for `handle`'s thread to finish.
///
/// Python's `t.join(timeout)` returns `None` either way and you ask `t.is_alive()` after;
/// here the answer is the return value. `JoinHandle::join` cannot time out, so this polls
/// `JoinHandle::is_finished` and parks in between, in short slices that grow from 50 µs to 5
/// ms. So it notices the end at most 5 ms late; a thread that calls `unpark` on the joiner as
/// its last act wakes it sooner (it may need one more slice: `is_finished` turns true only
/// once the thread has really ended, just after its last act).
///
/// ```
/// use std::time::Duration;
/// use threading::{join_timeout, Joined};
///
/// let gate = std::sync::Arc::new(threading::Event::new());
/// let g = gate.clone();
/// let t = std::thread::spawn(move || { g.wait(); 42 });
/// let Joined::StillRunning(t) = join_timeout(t, Duration::from_millis(5)) else {
///     panic!("it waits for the gate, it cannot have finished");
/// };
/// gate.set();
/// assert!(matches!(join_timeout(t, Duration::from_secs(60)), Joined::Finished(Ok(42))));
/// ```
pub fn join_timeout<T>(handle: JoinHandle<T>, timeout: Duration) -> Joined<T> {
    let start = Instant::now();
    let mut slice = Duration::from_micros(50);
    loop {
        if handle.is_finished() {
            return Joined::Finished(handle.join());
        }
        let left = timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            return Joined::StillRunning(handle);
        }
        thread::park_timeout(slice.min(left));
        slice = (slice * 2).min(Duration::from_millis(5));
    }
}
