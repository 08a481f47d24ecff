//! What a killed run left: the temporary directory of its `redis-server`.
//!
//! A lesson stopped by SIGKILL (or by a machine losing power) runs no code at all, so it
//! cannot remove its server's directory; its server dies with it (`PR_SET_PDEATHSIG`), the
//! directory stays. Each directory names its lesson's pid in a file, and the next lesson
//! removes the directories whose lesson is gone, as a service manager sweeps a dead unit's
//! runtime directory before starting it again.

use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::sys::signal::kill;
use nix::unistd::Pid;

/// How our servers' temporary directories are named (`distributed-redis-XXXXXX`).
pub const PREFIX: &str = "distributed-redis-";
/// The file in such a directory that holds the pid of the lesson that made it.
pub const OWNER: &str = "lesson.pid";

/// Writes our pid into `dir`, so that a later lesson can tell whether we are still running.
pub fn mark(dir: &Path) -> std::io::Result<()> {
    std::fs::write(dir.join(OWNER), std::process::id().to_string())
}

/// Removes every directory in `tmp` named [`PREFIX`]... whose lesson is gone; returns them.
/// A directory without its owner file is left alone: its lesson may be making it right now.
pub fn sweep(tmp: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for e in entries.flatten() {
        let ours = e
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(PREFIX));
        let path = e.path();
        if ours && owner_gone(&path) && std::fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// Whether the lesson named in `dir`'s owner file no longer exists.
fn owner_gone(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join(OWNER)) else {
        return false;
    };
    match text.trim().parse::<i32>() {
        // Signal 0 checks that the process exists without touching it.
        Ok(pid) if pid > 0 => kill(Pid::from_raw(pid), None) == Err(Errno::ESRCH),
        _ => false,
    }
}
