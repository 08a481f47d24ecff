//! How a child begins: `fork` (with the at-fork locks held) or re-executing this binary.

use std::os::unix::process::CommandExt;

use nix::unistd::{ForkResult, Pid, fork, getpid};

use crate::error::ProcessError;
use crate::{at_fork, child, live, spawn};

/// Forks; the child runs `task` and exits; the parent gets the child's pid.
pub(crate) fn fork_child(
    name: &str,
    daemon: bool,
    task: Box<dyn FnOnce() + Send>,
) -> Result<Pid, ProcessError> {
    let parent = getpid();
    let name = name.to_owned();
    child::install_child_panic_hook();
    // Signals need care around fork only if this process handles them itself (see live.rs).
    let old_mask = live::handler_installed().then(child::block_handled);
    // New: every lock the child may need is taken first (see at_fork.rs), and stdout flushed.
    let held = at_fork::prepare();
    // Safety: after fork, the child has one thread: this one. The locks this crate and std's
    // stdout/stderr use are held by this very thread (`held`), so the child finds them free
    // once it drops them; glibc's malloc is made fork-safe by glibc itself. The child sets
    // signal actions, calls prctl, runs the task, writes with raw write(2), leaves with _exit.
    // Locks of the caller's own that its other threads may hold are the caller's to manage,
    // exactly as in C or Python (see the fork-with-threads cell).
    let forked = unsafe { fork() };
    match forked {
        Ok(ForkResult::Child) => {
            held.child(name);
            child::run_forked(parent, daemon, old_mask, task)
        }
        Ok(ForkResult::Parent { child }) => {
            held.parent();
            if let Some(m) = &old_mask {
                child::restore_mask(m);
            }
            // `task` is dropped here, in the parent: the parent's copies of what the closure
            // owns (pipe ends, for one) are closed, and only the child keeps them.
            drop(task);
            Ok(child)
        }
        Err(e) => {
            held.parent();
            if let Some(m) = &old_mask {
                child::restore_mask(m);
            }
            Err(ProcessError::os("fork", e))
        }
    }
}

/// Re-executes this binary (or [`spawn::set_executable`]'s) as a spawned child.
pub(crate) fn spawn_child(
    name: &str,
    daemon: bool,
    task: &str,
    args: &str,
) -> Result<Pid, ProcessError> {
    // New: the start lock first, then the executable, in the at-fork order (at_fork.rs).
    let _one_start_at_a_time = at_fork::prepare_spawn();
    let exe = spawn::executable().map_err(|source| ProcessError::Exec {
        exe: "the current executable".into(),
        source,
    })?;
    let parent = getpid();
    let mut cmd = std::process::Command::new(&exe);
    cmd.args(spawn::child_args(name, task, daemon, args));
    // Safety: the closure runs in the forked child before exec; it only calls prctl and
    // getppid, both async-signal-safe, and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if child::die_with_parent(parent) {
                Ok(())
            } else {
                Err(std::io::Error::other("the parent is gone"))
            }
        });
    }
    let spawned = cmd.spawn().map_err(|source| ProcessError::Exec {
        exe: exe.display().to_string(),
        source,
    })?;
    // We reap it with waitpid ourselves; dropping std's handle neither waits nor kills.
    Ok(Pid::from_raw(spawned.id() as i32))
}
