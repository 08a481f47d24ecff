//! Past one machine for real: workers on hosts that are network namespaces, reaching
//! `redis-server` in another namespace across veth cables (see `distributed::hosts`).
//!
//! These tests need root and `ip`; without them they say "skipped" with the reason, unless
//! `CONCURRENCY_LAB_REQUIRE_NETNS=1` (`.ci/run`) makes that a failure.

mod util;

use std::collections::BTreeMap;
use std::time::Duration;

use distributed::Broker;
use distributed::hosts::{self, Hosts, ip};
use interleaving::Trace;

use util::run;

/// `n` hosts and a server on the broker's, or `None` after saying why it skipped.
fn hosts_or_skip(n: usize) -> Option<Hosts> {
    let required = std::env::var_os(hosts::REQUIRE_ENV).is_some_and(|v| v != "0");
    let made = if distributed::server::available() {
        Hosts::create(n).and_then(|mut h| h.start_server(&[]).map(|()| h))
    } else {
        Err(hosts::HostsError::Server {
            ns: "-".into(),
            why: distributed::server::MISSING.into(),
        })
    };
    match made {
        Ok(h) => Some(h),
        Err(e) if !required => {
            eprintln!("skipped: {e}");
            None
        }
        Err(e) => panic!(
            "{}=1, and the hosts cannot be made: {e}",
            hosts::REQUIRE_ENV
        ),
    }
}

/// `--role worker` on host `k`, against the broker's end of host `k`'s cable.
fn far_worker(h: &Hosts, k: usize, url: &str, tmp: &std::path::Path) -> std::process::Command {
    let mut cmd = h
        .command_on(k, std::path::Path::new(env!("CARGO_BIN_EXE_distributed")))
        .unwrap();
    cmd.env("TMPDIR", tmp)
        .stdin(std::process::Stdio::null())
        .args(["--role", "worker", "--redis", url, "--trace"])
        .args(["--name", &format!("far-{k}"), "--work-ms", "1"]);
    cmd
}

/// What must be gone once the hosts are dropped: their namespaces, their server, its
/// directory; and our own namespace's links are what they were.
fn assert_nothing_left(h: Hosts, links_before: &[String]) {
    let names = h.namespaces().to_vec();
    let pid = h.server_pid();
    let dir = h.dir_path();
    drop(h);
    let now = ip::namespaces().unwrap();
    for ns in &names {
        assert!(!now.contains(ns), "namespace {ns} left behind: {now:?}");
    }
    if let Some(pid) = pid {
        let gone = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), None);
        assert_eq!(
            gone,
            Err(nix::errno::Errno::ESRCH),
            "redis-server {pid} left"
        );
    }
    if let Some(dir) = dir {
        assert!(!dir.exists(), "{} left behind", dir.display());
    }
    let links = ip::links(None).unwrap();
    for l in &links {
        assert!(
            links_before.contains(l),
            "link {l} appeared in our namespace"
        );
    }
}

#[test]
fn workers_on_two_hosts_process_every_item_across_veth_links_and_leave_nothing() {
    let links_before = ip::links(None).unwrap_or_default();
    let Some(mut h) = hosts_or_skip(2) else {
        return;
    };
    assert_eq!(h.namespaces().len(), 3, "a broker and two hosts");
    let tmp = tempfile::tempdir().unwrap();
    let sent_before: Vec<u64> = (1..=2).map(|k| h.bytes_sent(k).unwrap()).collect();
    let workers: Vec<_> = (1..=2)
        .map(|k| {
            let url = h.url_for(k).unwrap();
            assert!(url.starts_with(&format!("redis://10.231.{k}.1:")), "{url}");
            let mut cmd = far_worker(&h, k, &url, tmp.path());
            std::thread::spawn(move || run(&mut cmd, Duration::from_secs(60)))
        })
        .collect();
    // This test is the producer, in its own namespace: it reaches the server by its socket.
    let local = h.local_url().unwrap();
    let mut b = Broker::connect(&local, "lab:competing-workers").unwrap();
    b.prepare().unwrap();
    for i in 0..30 {
        b.put(&i.to_string()).unwrap();
    }
    b.set_done().unwrap();
    let mut stored = Vec::new();
    for w in workers {
        let out = w.join().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        let t = Trace::parse(&String::from_utf8_lossy(&out.stdout)).unwrap();
        stored.extend(
            t.lines
                .iter()
                .filter(|l| l.event.kind == "stored")
                .map(|l| l.event.value.parse::<u64>().unwrap()),
        );
    }
    stored.sort_unstable();
    assert_eq!(stored, (0..30).collect::<Vec<_>>(), "each item stored once");
    assert_eq!(b.pending().unwrap(), 0, "every entry acknowledged");
    let mut conn = distributed::broker::connect(&local).unwrap();
    let results: BTreeMap<u64, u64> = redis::cmd("HGETALL")
        .arg("lab:competing-workers:results")
        .query(&mut conn)
        .unwrap();
    assert_eq!(results.len(), 30);
    assert!(results.iter().all(|(x, sq)| x * x == *sq), "{results:?}");
    for k in 1..=2 {
        // The worker's commands went out on its cable, not through any loopback of ours.
        let sent = h.bytes_sent(k).unwrap() - sent_before[k - 1];
        assert!(sent > 1000, "host {k} sent {sent} bytes on its cable");
    }
    drop((b, conn));
    assert_nothing_left(h, &links_before);
}

#[test]
fn a_host_reaches_only_the_broker_end_of_its_own_cable() {
    let links_before = ip::links(None).unwrap_or_default();
    let Some(h) = hosts_or_skip(2) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // Host 1 has no route to host 2's cable: the worker fails at once, with the reason.
    let other = h.url_for(2).unwrap();
    let out = run(
        &mut far_worker(&h, 1, &other, tmp.path()),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot reach Redis at redis://10.231.2.1"),
        "{err}"
    );
    assert_nothing_left(h, &links_before);
}

#[test]
fn a_panicking_test_leaves_nothing_behind() {
    let links_before = ip::links(None).unwrap_or_default();
    let Some(h) = hosts_or_skip(1) else {
        return;
    };
    let names = h.namespaces().to_vec();
    let pid = h.server_pid().unwrap();
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let _h = h;
        panic!("a test fails while it holds the hosts");
    }));
    assert!(panicked.is_err());
    let now = ip::namespaces().unwrap();
    assert!(names.iter().all(|n| !now.contains(n)), "{now:?}");
    let gone = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), None);
    assert_eq!(gone, Err(nix::errno::Errno::ESRCH));
    assert_eq!(ip::links(None).unwrap(), links_before);
}

/// The namespaces a lesson with pid `pid` made that are still there.
fn left_by(pid: u32) -> Vec<String> {
    ip::namespaces()
        .unwrap()
        .into_iter()
        .filter(|n| n.starts_with(&format!("{}{pid}-", hosts::PREFIX)))
        .collect()
}

#[test]
fn the_lesson_with_hosts_runs_its_workers_on_hosts_and_its_properties_hold() {
    let Some(h) = hosts_or_skip(1) else {
        return;
    };
    drop(h);
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = util::bin(tmp.path());
    cmd.args(["--hosts", "--trace", "--cell", "competing-workers"])
        .args(["--workers", "3", "--items", "12", "--work-ms", "1"]);
    let out = run(&mut cmd, Duration::from_secs(120));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (trace, report) = util::checked(&out);
    assert!(report.is_ok(), "{report}");
    let stored = trace
        .lines
        .iter()
        .filter(|l| l.event.kind == "stored")
        .count();
    assert_eq!(stored, 12);
    let lesson = trace.lines[0].event.pid;
    assert!(left_by(lesson).is_empty(), "{:?}", left_by(lesson));
    util::assert_empty(tmp.path());
}

#[test]
fn ctrl_c_during_a_run_with_hosts_removes_every_namespace() {
    let Some(h) = hosts_or_skip(1) else {
        return;
    };
    drop(h);
    let links_before = ip::links(None).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = util::bin(tmp.path());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    cmd.args(["--hosts", "--trace", "--cell", "competing-workers"])
        .args(["--items", "10000", "--work-ms", "5"]);
    // Forty lines in: the workers on their hosts are at work.
    let (mut child, _) = util::start_and_wait_lines(&mut cmd, 40);
    let pid = child.id();
    assert!(!left_by(pid).is_empty(), "the run made its hosts");
    let lesson = nix::unistd::Pid::from_raw(pid as i32);
    nix::sys::signal::kill(lesson, nix::sys::signal::Signal::SIGINT).unwrap();
    let (status, err) = util::end_of(&mut child, Duration::from_secs(30), "Ctrl-C ends it");
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(left_by(pid).is_empty(), "{:?}", left_by(pid));
    assert_eq!(ip::links(None).unwrap(), links_before);
    util::assert_empty(tmp.path());
}

#[test]
fn hosts_is_refused_with_the_reason_without_ip_or_root() {
    let tmp = tempfile::tempdir().unwrap();
    // No `ip` on PATH (nor anything else).
    let out = run(
        util::bin(tmp.path()).env("PATH", tmp.path()).arg("--hosts"),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("`ip` (iproute2) not found on PATH"), "{err}");
    // Not root: only root can show it (by dropping to nobody).
    if hosts::unsupported().is_none() {
        let mut cmd = util::bin(tmp.path());
        std::os::unix::process::CommandExt::uid(&mut cmd, 65534);
        // Spawned as is: `run` rebuilds the command, and would drop the uid. The refusal
        // comes before anything is started, so it cannot hang.
        let out = cmd.arg("--hosts").output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("need root (this process runs as uid 65534)"),
            "{err}"
        );
    }
    // With a server of one's own, hosts make no sense: a usage error.
    let out = run(
        util::bin(tmp.path()).args(["--hosts", "--redis", "redis://127.0.0.1:1/"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_run_killed_outright_leaves_namespaces_that_the_next_run_sweeps() {
    let Some(h) = hosts_or_skip(1) else {
        return;
    };
    drop(h);
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = util::bin(tmp.path());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    cmd.args(["--hosts", "--trace", "--cell", "competing-workers"])
        .args(["--items", "10000", "--work-ms", "5"]);
    let (mut child, _) = util::start_and_wait_lines(&mut cmd, 40);
    let pid = child.id();
    // SIGKILL: no handler, no drop; its server and workers die with it (parent-death signal).
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!left_by(pid).is_empty(), "a SIGKILL leaves the namespaces");
    let swept = hosts::sweep();
    assert!(left_by(pid).is_empty(), "{:?}", left_by(pid));
    assert!(
        swept
            .iter()
            .any(|n| n.starts_with(&format!("{}{pid}-", hosts::PREFIX)))
    );
}
