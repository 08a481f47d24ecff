//! `multiprocessing.active_children()`, ported from CPython's `Lib/test/_test_multiprocessing.py`
//! (`test_active_children`), and what its docs promise besides: "Calling this has the side
//! effect of joining any processes which have already finished" (it calls `_cleanup()`).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use multiprocessing::{Process, active_children};
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::Pid;

use common::{is_our_child, within};

/// Taken by every test here: `active_children()` reaps any ended child, so one test calling it
/// would reap the zombie another is about to look at (tests of one file run on parallel
/// threads).
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

fn listed(pid: u32) -> bool {
    active_children().iter().any(|(c, _)| *c as u32 == pid)
}

/// The state letter of `/proc/PID/stat` (`Z` for a zombie), if the process exists.
fn state_of(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..]
        .split_whitespace()
        .next()?
        .chars()
        .next()
}

/// Blocks until the child has ended, without collecting it (it stays a zombie).
fn until_ended(pid: u32) {
    waitid(
        Id::Pid(Pid::from_raw(pid as i32)),
        WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT,
    )
    .expect("waitid");
}

/// Ports `test_active_children`: not listed before `start`, listed while it runs, not listed
/// after `join`.
#[test]
fn test_active_children() {
    let _serial = serial();
    let (wait_go, go) = multiprocessing::pipe::<()>().unwrap();
    let mut p = Process::new("sleeper", move || wait_go.recv().unwrap())
        .daemon(true)
        .unwrap();
    assert!(!active_children().iter().any(|(_, n)| n == "sleeper"));
    p.start().unwrap();
    let pid = p.pid().unwrap();
    assert!(listed(pid));
    go.send(&()).unwrap();
    p.join().unwrap();
    assert!(!listed(pid));
    assert_eq!(p.exitcode(), Some(0));
}

/// `_cleanup()`: a child that has ended and that no one joined is a zombie until
/// `active_children()`, which reaps it and leaves it off the list; its `Process` still knows
/// how it ended (Python keeps the `returncode` in the `Popen`), and `join` returns at once.
#[test]
fn active_children_reaps_an_ended_child_never_joined() {
    let _serial = serial();
    let mut p = Process::new("exits-7", || std::process::exit(7));
    p.start().unwrap();
    let pid = p.pid().unwrap();
    until_ended(pid);
    assert_eq!(state_of(pid), Some('Z'), "ended, not yet reaped: a zombie");

    assert!(!listed(pid), "active_children() lists an ended child");
    assert!(!is_our_child(pid), "active_children() left a zombie behind");

    assert!(!p.is_alive().unwrap());
    assert_eq!(p.exitcode(), Some(7));
    p.join().unwrap();
    assert_eq!(p.exitcode(), Some(7));
}

/// A child killed by a signal and reaped by `active_children()` keeps its `-SIG` exit code.
#[test]
fn active_children_keeps_the_exit_code_of_a_killed_child() {
    let _serial = serial();
    let mut p = Process::new("killed", || std::thread::sleep(Duration::from_secs(100)));
    p.start().unwrap();
    let pid = p.pid().unwrap();
    p.kill().unwrap();
    until_ended(pid);
    assert!(!listed(pid));
    assert_eq!(p.exitcode(), Some(-9));
}

/// Starts 50 children one after another, each exiting with its own code, and joins each.
fn start_and_join(thread: i32) {
    for round in 0..50 {
        let code = thread * 50 + round;
        let mut p = Process::new(format!("exits-{code}"), move || std::process::exit(code));
        p.start().unwrap();
        let pid = p.pid().unwrap();
        p.join().unwrap();
        assert_eq!(p.exitcode(), Some(code), "{p}");
        assert!(!is_our_child(pid), "{p} left a zombie");
    }
}

/// Joins 200 children on four threads while another thread calls `active_children()` in a
/// loop: each status is collected once, by one of them, and every join returns with its
/// child's own exit code (never a stand-in for a status the other took), whichever wins.
#[test]
fn joins_racing_active_children_each_get_their_own_exit_code() {
    let _serial = serial();
    within(
        Duration::from_secs(120),
        "joins racing active_children",
        || {
            let stop = AtomicBool::new(false);
            std::thread::scope(|s| {
                s.spawn(|| {
                    while !stop.load(Ordering::SeqCst) {
                        let _ = active_children();
                    }
                });
                let joiners: Vec<_> = (0..4).map(|t| s.spawn(move || start_and_join(t))).collect();
                for j in joiners {
                    j.join().unwrap();
                }
                stop.store(true, Ordering::SeqCst);
            });
        },
    );
}
