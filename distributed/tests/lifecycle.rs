//! Real failures: a worker on another "machine" joins with `--role worker`, a server dies
//! mid-run, Ctrl-C arrives mid-run. Each ends cleanly: exit code, one clear line, and no
//! process or temporary directory left.

mod util;

use std::time::Duration;

use distributed::Broker;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::os::unix::process::CommandExt;

use util::{
    alive, assert_empty, bin, children_of, end_of, run, running, server, start_a_long_run,
    start_and_wait_lines,
};

#[test]
fn role_worker_joins_a_group_from_outside() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // Two `--role worker` processes are the other machines; they start before anything
    // exists on the server (they make the group), then the test, the producer, adds.
    let workers: Vec<_> = ["far-1", "far-2"]
        .iter()
        .map(|name| {
            let mut cmd = bin(tmp.path());
            cmd.args([
                "--role",
                "worker",
                "--redis",
                s.url(),
                "--name",
                name,
                "--trace",
            ]);
            cmd.args(["--work-ms", "1"]);
            std::thread::spawn(move || run(&mut cmd, Duration::from_secs(60)))
        })
        .collect();
    let mut b = Broker::connect(s.url(), "lab:competing-workers").unwrap();
    b.prepare().unwrap();
    let mut ids: Vec<String> = (0..40).map(|i| b.put(&i.to_string()).unwrap()).collect();
    b.set_done().unwrap();
    let mut acked = Vec::new();
    for w in workers {
        let out = w.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let t = interleaving::Trace::parse(&String::from_utf8_lossy(&out.stdout)).unwrap();
        acked.extend(
            t.lines
                .iter()
                .filter(|l| l.event.kind == "ack")
                .map(|l| l.event.value.split_once(' ').unwrap().1.to_owned()),
        );
    }
    acked.sort();
    ids.sort();
    assert_eq!(
        acked, ids,
        "each entry acknowledged once, by one of the two"
    );
    assert_eq!(b.pending().unwrap(), 0);
}

#[test]
fn a_server_dying_mid_run_is_a_clear_error() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, first) = start_a_long_run(tmp.path(), Some(s.url()));
    assert_eq!(first.len(), 40, "the run got going");
    let workers = children_of(child.id());
    assert!(!workers.is_empty());
    drop(s); // kills redis-server (SIGKILL) and removes its directory
    let why = "the run ends by itself when its server is gone";
    let (status, err) = end_of(&mut child, Duration::from_secs(30), why);
    assert_eq!(status.code(), Some(1));
    let last = err.lines().last().unwrap_or("");
    assert!(
        last.starts_with("error: cell 2 (competing-workers)"),
        "{err}"
    );
    for w in workers {
        assert!(!alive(w), "worker {w} outlived the run");
    }
    assert_empty(tmp.path());
}

/// Ctrl-C, and SIGTERM (how `cargo xtask` and service managers stop a demo), each stop the
/// workers and our own server and remove the server's directory.
#[test]
fn ctrl_c_stops_workers_and_server_and_removes_the_directory() {
    if server().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for sig in [Signal::SIGINT, Signal::SIGTERM] {
        let (mut child, first) = start_a_long_run(tmp.path(), None);
        assert_eq!(first.len(), 40);
        // Our own redis-server and the workers, while they run.
        let started = children_of(child.id());
        assert!(started.len() >= 2, "{started:?}");
        kill(Pid::from_raw(child.id() as i32), sig).unwrap();
        let (status, err) = end_of(&mut child, Duration::from_secs(20), "a signal ends the run");
        assert_eq!(status.code(), Some(128 + sig as i32), "{sig}");
        assert!(
            err.contains("interrupted: stopped") && err.contains("redis-server"),
            "{err}"
        );
        for p in started {
            assert!(!alive(p), "process {p} outlived the run");
        }
        assert_empty(tmp.path());
    }
}

#[test]
fn a_killed_lesson_takes_its_workers_and_server_with_it() {
    if server().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, _) = start_a_long_run(tmp.path(), None);
    let started = children_of(child.id());
    // SIGKILL: no handler of ours runs; the children die with their parent all the same.
    child.kill().unwrap();
    child.wait().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while started.iter().any(|p| running(*p)) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    for p in started {
        assert!(!running(p), "process {p} outlived a SIGKILLed lesson");
    }
    // Its temporary directory does stay: a SIGKILLed process runs no code at all. The next
    // lesson to start a server removes it.
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_some());
    let out = run(
        bin(tmp.path()).args(["--cell", "stream-queue"]),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "{out:?}");
    assert_empty(tmp.path());
}

/// A terminal's Ctrl-C is a SIGINT to the whole foreground process group. On a server given
/// with `--redis`, the lesson alone must answer it: every round exits 130 with the one
/// `interrupted:` line, no worker's error first, its workers stopped by it, and the next
/// round starts (the lesson gave its lease on the key prefix back). SIGTERM, what a service
/// manager sends, ends it the same way with 143.
#[test]
fn ctrl_c_to_the_process_group_on_a_given_server_is_the_lessons_to_answer() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let signals = [Signal::SIGINT; 8].into_iter().chain([Signal::SIGTERM; 2]);
    for (round, sig) in signals.enumerate() {
        // The consumer's cell: `main` sits in its join, so it sees a worker die at once.
        // Prose and trace in turn: in prose the workers' output passes through the lesson.
        let mut cmd = bin(tmp.path());
        cmd.args(["--cell", "stream-queue", "--redis", s.url()])
            .args(["--items", "10000", "--work-ms", "1"])
            .process_group(0);
        if round % 2 == 0 {
            cmd.arg("--trace");
        }
        let (mut child, first) = start_and_wait_lines(&mut cmd, 40);
        assert_eq!(first.len(), 40, "round {round}: the run got going");
        let workers = children_of(child.id());
        assert!(!workers.is_empty(), "round {round}");
        // What makes it the lesson's alone: no worker is in the group a Ctrl-C reaches.
        for w in &workers {
            assert_ne!(
                process_group_of(*w),
                process_group_of(child.id()),
                "round {round}: worker {w} would get the terminal's Ctrl-C"
            );
        }
        nix::sys::signal::killpg(Pid::from_raw(child.id() as i32), sig).unwrap();
        let why = format!("round {round}: {sig} ends the run");
        let (status, err) = end_of(&mut child, Duration::from_secs(20), &why);
        assert_eq!(
            status.code(),
            Some(128 + sig as i32),
            "round {round}: {err}"
        );
        assert_eq!(
            err.lines().count(),
            1,
            "round {round}: one line only:\n{err}"
        );
        assert!(
            err.starts_with("interrupted: stopped consumer;"),
            "round {round}: {err}"
        );
        for w in workers {
            assert!(!alive(w), "round {round}: worker {w} outlived the run");
        }
        assert_empty(tmp.path());
    }
}

/// The process group of `pid` (from /proc).
fn process_group_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the last ')' are: state, ppid, pgrp, ...
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(2)?
        .parse()
        .ok()
}
