//! Ctrl-C reaches the children and nothing outlives the demo: SIGINT to the whole process
//! group (a terminal's Ctrl-C) and to the parent alone (`kill -INT <pid>`), with fork and spawn.

mod common;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

/// Starts the demo on one cell whose children work for a minute, in its own process group,
/// and waits until its five children exist. Returns the demo and the children's pids.
// The demo is returned to the caller, which waits for it.
#[allow(clippy::zombie_processes)]
fn demo_with_children_in_flight(cell: &str) -> (Child, Vec<u32>) {
    let mut demo = Command::new(BIN)
        .args(["--trace", "--cell", cell, "--work-ms", "60000"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap();
    // Setup, not an assertion about timing: wait (bounded) until the children are there.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let kids = common::children_of(demo.id());
        // Spawned children count once they run this binary again (after exec).
        let started = kids
            .iter()
            .filter(|p| {
                std::fs::read_link(format!("/proc/{p}/exe"))
                    .is_ok_and(|e| e.ends_with("multiprocessing"))
            })
            .count();
        if started == 5 {
            return (demo, kids);
        }
        if Instant::now() > deadline {
            let _ = killpg(Pid::from_raw(demo.id() as i32), Signal::SIGKILL);
            let _ = demo.wait();
            panic!("the demo did not start 5 children: {kids:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn gone(pid: u32) -> bool {
    !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

fn interrupt_and_check(cell: &str, whole_group: bool) {
    let (mut demo, kids) = demo_with_children_in_flight(cell);
    let pid = Pid::from_raw(demo.id() as i32);
    if whole_group {
        killpg(pid, Signal::SIGINT).unwrap();
    } else {
        kill(pid, Signal::SIGINT).unwrap();
    }
    let status = demo.wait().unwrap();
    let mut stderr = String::new();
    demo.stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted by SIGINT: stopped 5 child process(es) in flight"),
        "{stderr}"
    );
    for n in 1..=5 {
        assert!(stderr.contains(&format!("child-{n} (pid ")), "{stderr}");
    }
    // Reaped by the demo before it exited: not running, not even a zombie.
    for k in kids {
        assert!(gone(k), "child {k} outlived the demo");
    }
}

#[test]
fn sigint_to_the_parent_alone_stops_forked_children() {
    interrupt_and_check("join-waits", false);
}

#[test]
fn ctrl_c_to_the_group_stops_forked_children() {
    interrupt_and_check("join-waits", true);
}

#[test]
fn sigint_to_the_parent_alone_stops_spawned_children() {
    interrupt_and_check("spawn", false);
}

#[test]
fn sigterm_to_the_parent_stops_children_too() {
    let (mut demo, kids) = demo_with_children_in_flight("start-hello");
    kill(Pid::from_raw(demo.id() as i32), Signal::SIGTERM).unwrap();
    let status = demo.wait().unwrap();
    assert_eq!(status.code(), Some(128 + 15));
    for k in kids {
        assert!(gone(k), "child {k} outlived the demo");
    }
}
