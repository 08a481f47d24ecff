//! Ctrl-C and SIGTERM still end the demo, its children with it, when stderr cannot be
//! written: a full device (`2>/dev/full`) or a pipe whose reader is gone (`2>&1 | head -1`).
//!
//! Before, the interrupt thread's `eprintln!` panicked after stopping the children, and the
//! demo then ignored every SIGINT and SIGTERM for ever.

mod common;

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");
const CHILDREN: usize = 3;

/// Where the demo's stderr goes.
#[derive(Clone, Copy, Debug)]
enum Stderr {
    DevFull,
    ClosedPipe,
}

fn stderr_of(kind: Stderr) -> Stdio {
    match kind {
        Stderr::DevFull => std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
            .into(),
        Stderr::ClosedPipe => {
            let (read, write) = nix::unistd::pipe().unwrap();
            drop(read);
            write.into()
        }
    }
}

/// Starts the demo with children that work for a minute; waits until they all run.
// The demo is returned to the caller, which waits for it.
#[allow(clippy::zombie_processes)]
fn demo_in_flight(stderr: Stderr) -> (Child, Vec<u32>) {
    let demo = Command::new(BIN)
        .args(["--cell", "join-waits", "--work-ms", "60000"])
        .args(["--children", &CHILDREN.to_string()])
        .stdout(Stdio::null())
        .stderr(stderr_of(stderr))
        .process_group(0)
        .spawn()
        .unwrap();
    // Setup, not an assertion about timing: wait (bounded) until the children are there.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let kids = common::children_of(demo.id());
        if kids.len() == CHILDREN {
            return (demo, kids);
        }
        if Instant::now() > deadline {
            let _ = nix::sys::signal::killpg(Pid::from_raw(demo.id() as i32), Signal::SIGKILL);
            panic!("the demo did not start {CHILDREN} children: {kids:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn signal_ends_demo_within_a_second(stderr: Stderr, signal: Signal) {
    let (mut demo, kids) = demo_in_flight(stderr);
    let pid = Pid::from_raw(demo.id() as i32);
    kill(pid, signal).unwrap();
    let sent = Instant::now();
    let status = loop {
        if let Some(status) = demo.try_wait().unwrap() {
            break Some(status);
        }
        if sent.elapsed() > Duration::from_secs(1) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let Some(status) = status else {
        // Clean up before failing, so the test leaves nothing behind either way.
        let _ = nix::sys::signal::killpg(pid, Signal::SIGKILL);
        let _ = demo.wait();
        panic!("{signal} with stderr {stderr:?}: the demo still runs a second later");
    };
    assert_eq!(
        status.code(),
        Some(128 + signal as i32),
        "{signal} with stderr {stderr:?}: {status}"
    );
    for k in kids {
        assert!(
            !std::path::Path::new(&format!("/proc/{k}")).exists(),
            "child {k} outlived the demo ({signal}, stderr {stderr:?})"
        );
    }
}

#[test]
fn sigint_with_stderr_on_dev_full_exits_130() {
    signal_ends_demo_within_a_second(Stderr::DevFull, Signal::SIGINT);
}

#[test]
fn sigterm_with_stderr_on_dev_full_exits_143() {
    signal_ends_demo_within_a_second(Stderr::DevFull, Signal::SIGTERM);
}

#[test]
fn sigint_with_stderr_a_closed_pipe_exits_130() {
    signal_ends_demo_within_a_second(Stderr::ClosedPipe, Signal::SIGINT);
}

#[test]
fn sigterm_with_stderr_a_closed_pipe_exits_143() {
    signal_ends_demo_within_a_second(Stderr::ClosedPipe, Signal::SIGTERM);
}
