//! Noticing that nobody reads our stdout any more (`asyncio --cell 2 ... | head -n 1`).
//!
//! A write to a pipe whose reader has gone fails with `EPIPE`, and `interleaving` then turns
//! later writes into no-ops; but a cell that waits a long time between two lines (1000 sleeps
//! of a second, one after another) would only find out at its next write, minutes later. Python
//! finds out the same way (a `BrokenPipeError` at the next `print`). So the long waits race
//! [`reader_gone`], which asks the kernel directly: the write end of a pipe whose reader closed
//! polls as `POLLERR`. A terminal or a file never does.

use std::os::fd::AsFd;
use std::time::Duration;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

/// How often [`reader_gone`] looks: short next to a person's patience, long next to a poll.
const EVERY: Duration = Duration::from_millis(50);

/// True when stdout is a pipe (or socket) whose reader has gone, or a write to it failed.
pub fn stdout_reader_gone() -> bool {
    if interleaving::emit::stdout_closed() {
        return true;
    }
    let stdout = std::io::stdout();
    let mut fds = [PollFd::new(stdout.as_fd(), PollFlags::POLLOUT)];
    matches!(poll(&mut fds, PollTimeout::ZERO), Ok(n) if n > 0)
        && fds[0]
            .revents()
            .is_some_and(|r| r.intersects(PollFlags::POLLERR | PollFlags::POLLHUP))
}

/// Resolves once [`stdout_reader_gone`] says so; never, on a terminal or a file. Race a long
/// wait against it (`tokio::select!`) to stop promptly once the reader is gone.
pub async fn reader_gone() {
    while !stdout_reader_gone() {
        tokio::time::sleep(EVERY).await;
    }
}
