//! When the parent is killed outright (SIGKILL: no handler runs), its children die with it
//! (`PR_SET_PDEATHSIG`): none keeps running after the demo. This test process makes itself a
//! subreaper so that the orphans come to it, and it can see how they ended.
//! (A file of its own: being a subreaper changes the whole test process.)

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::Pid;

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

fn killed_parent_takes_its_children_along(cell: &str) {
    // Safety: prctl(PR_SET_CHILD_SUBREAPER) only sets a flag on this process.
    let rc = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1) };
    assert_eq!(rc, 0);
    let mut demo = Command::new(BIN)
        .args(["--trace", "--cell", cell, "--work-ms", "60000"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let kids = loop {
        let kids: Vec<u32> = common::children_of(demo.id())
            .into_iter()
            .filter(|p| {
                std::fs::read_link(format!("/proc/{p}/exe"))
                    .is_ok_and(|e| e.ends_with("multiprocessing"))
            })
            .collect();
        if kids.len() == 5 {
            break kids;
        }
        assert!(
            Instant::now() < deadline,
            "the demo did not start 5 children"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    kill(Pid::from_raw(demo.id() as i32), Signal::SIGKILL).unwrap();
    demo.wait().unwrap();
    // The orphans are ours now. Each must have been killed (they had 60 s of work left), or,
    // caught between fork and exec, have seen its parent gone and given up (exit 127).
    for k in kids {
        let status = waitpid(Pid::from_raw(k as i32), None).unwrap();
        let pid = Pid::from_raw(k as i32);
        assert!(
            status == WaitStatus::Signaled(pid, Signal::SIGKILL, false)
                || matches!(status, WaitStatus::Exited(_, code) if code != 0),
            "child {k} of {cell}: {status:?}"
        );
    }
}

#[test]
fn sigkill_to_the_parent_kills_forked_and_spawned_children() {
    killed_parent_takes_its_children_along("join-waits");
    killed_parent_takes_its_children_along("spawn");
}
