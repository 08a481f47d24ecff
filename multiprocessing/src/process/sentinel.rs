//! `Process::sentinel`: a descriptor that becomes readable when the child ends.

use std::os::fd::{AsFd, BorrowedFd, FromRawFd, OwnedFd};

use nix::unistd::Pid;

use super::{Process, State};
use crate::error::ProcessError;

impl Process {
    /// Python's `p.sentinel`: a file descriptor that becomes readable when the child ends,
    /// to wait on several children (or a child and a pipe) with one `poll`. Errors before
    /// `start` (Python: `ValueError: process not started`) and once closed.
    ///
    /// It is a pidfd (Linux 5.3+), made on the first call, so starting a process costs no
    /// extra pipe; for a child already reaped it is an empty pipe with no writer (readable).
    ///
    /// ```
    /// use multiprocessing::Process;
    /// use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    /// let mut p = Process::new("quick", || {});
    /// assert_eq!(p.sentinel().unwrap_err().to_string(), "process not started");
    /// p.start().unwrap();
    /// let mut fds = [PollFd::new(p.sentinel().unwrap(), PollFlags::POLLIN)];
    /// assert_eq!(poll(&mut fds, PollTimeout::from(10_000u16)).unwrap(), 1);
    /// p.join().unwrap();
    /// ```
    pub fn sentinel(&mut self) -> Result<BorrowedFd<'_>, ProcessError> {
        let pid = match self.state {
            State::Created(_) | State::Failed => return Err(ProcessError::ProcessNotStarted),
            State::Closed(..) => return Err(ProcessError::Closed),
            State::Running(pid, _) => Some(pid),
            State::Stopped(..) => None,
        };
        if self.sentinel.is_none() {
            self.sentinel = Some(match pid.and_then(pidfd_open) {
                Some(fd) => fd,
                None => ended_sentinel()?,
            });
        }
        Ok(self
            .sentinel
            .as_ref()
            .map(|fd| fd.as_fd())
            .expect("set above"))
    }

    /// The sentinel, if [`sentinel`](Process::sentinel) made it already.
    pub(crate) fn sentinel_if_made(&self) -> Option<BorrowedFd<'_>> {
        self.sentinel.as_ref().map(|fd| fd.as_fd())
    }
}

/// A pidfd for `pid`: readable once the process has ended (even before it is reaped).
fn pidfd_open(pid: Pid) -> Option<OwnedFd> {
    // Safety: pidfd_open takes a pid and flags and returns a new fd or -1; no memory is shared.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid.as_raw(), 0) };
    // Safety: a non-negative return is a fresh fd that nothing else owns.
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// A sentinel for a child already gone: a pipe with no writer, readable (end of file) at once.
fn ended_sentinel() -> Result<OwnedFd, ProcessError> {
    let (r, _w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
        .map_err(|e| ProcessError::os("pipe", e))?;
    Ok(r)
}
