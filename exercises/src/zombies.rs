//! The judge's look at a program's children once they have ended: reaped, or zombies.
//!
//! A child that has exited stays in the process table, a zombie (`Z` in `/proc/PID/stat`,
//! `<defunct>` in `ps`), until its parent waits for it (`join`, or `is_alive` once it has
//! ended). The judge must see that without doing the program's job for it, so it waits for
//! each child's exit with `WNOWAIT`, which leaves the child as it is.

use interleaving::Actor;
use nix::errno::Errno;
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::Pid;

/// The kind of the event [`look_at_children`] records.
pub const CHILD_STATE: &str = "child-state";

/// Waits until each child `(name, pid)` has exited, without reaping it, then records as
/// `main` whether the program had reaped it: `child-1 reaped`, or `child-1 zombie
/// (/proc/42/stat says Z)`. Call it where the program goes on with its children's ends
/// behind it (a server serving on).
pub fn look_at_children(main: &Actor, children: &[(String, u32)]) {
    for (name, pid) in children {
        let Ok(raw) = i32::try_from(*pid) else {
            main.emit(CHILD_STATE, format!("{name} unknown (pid {pid})"));
            continue;
        };
        let pid = Pid::from_raw(raw);
        let state = loop {
            match waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT) {
                // Exited, and still waiting for its parent to wait for it.
                Ok(_) => break format!("zombie (/proc/{pid}/stat says {})", proc_state(pid)),
                // No child of ours by that pid any more: the program waited for it.
                Err(Errno::ECHILD) => break "reaped".to_owned(),
                Err(Errno::EINTR) => continue,
                Err(e) => break format!("unknown ({e})"),
            }
        };
        main.emit(CHILD_STATE, format!("{name} {state}"));
    }
}

/// The state letter of `/proc/PID/stat` (the field after the command in parentheses).
fn proc_state(pid: Pid) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let (_, rest) = stat.rsplit_once(')')?;
            rest.split_whitespace().next().map(str::to_owned)
        })
        .unwrap_or_else(|| "?".into())
}
