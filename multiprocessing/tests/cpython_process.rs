//! CPython's `Lib/test/_test_multiprocessing.py`, `_TestProcess`, ported: each test is named
//! after the one it ports, and says where Rust differs.

mod common;

use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use multiprocessing::{
    PipeError, Process, ProcessError, active_children, current_process_is_daemon,
    current_process_name, pipe,
};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use common::is_our_child;

fn listed(p: &Process) -> bool {
    let pid = p.pid().map(|p| p as i32);
    active_children().iter().any(|(c, _)| Some(*c) == pid)
}

/// Ports `test_process`: the life cycle seen from both sides (args, name and pid reach the
/// child; `exitcode`, `is_alive` and `active_children` in the parent before, during, after).
#[test]
fn test_process() {
    let (rx, tx) = pipe::<(Vec<u32>, String, u32)>().unwrap();
    // Python's Queue(1) keeps its child alive until the parent gets; a "go" pipe does here.
    let (wait_go, go) = pipe::<()>().unwrap();
    let args = vec![1, 2];
    let mut p = Process::new("SomeProcess", move || {
        wait_go.recv().unwrap();
        tx.send(&(args, current_process_name(), std::process::id()))
            .unwrap();
    })
    .daemon(true)
    .unwrap();
    assert!(!p.is_alive().unwrap());
    assert!(p.is_daemon());
    assert!(!listed(&p));
    assert_eq!(p.exitcode(), None);

    p.start().unwrap();
    assert_eq!(p.exitcode(), None);
    assert!(p.is_alive().unwrap());
    assert!(listed(&p));
    go.send(&()).unwrap();

    let (got_args, got_name, got_pid) = rx.recv().unwrap();
    assert_eq!(got_args, [1, 2]);
    assert_eq!(got_name, p.name());
    assert_eq!(Some(got_pid), p.pid());

    p.join().unwrap();
    assert_eq!(p.exitcode(), Some(0));
    assert!(!p.is_alive().unwrap());
    assert!(!listed(&p));
    assert!(!is_our_child(got_pid), "the child outlived its join");
    assert_eq!(current_process_name(), "MainProcess");
}

/// CPython's `_kill_process(meth)`: a daemon child signals that it runs, then sleeps; `meth`
/// stops it; `join` returns at once and the exit code tells how it ended.
fn kill_process(meth: fn(&mut Process) -> Result<(), ProcessError>) -> i32 {
    let (event, set) = pipe::<()>().unwrap();
    let mut p = Process::new("sleeper", move || {
        set.send(&()).unwrap();
        std::thread::sleep(Duration::from_secs(100));
    })
    .daemon(true)
    .unwrap();
    p.start().unwrap();
    assert!(p.is_alive().unwrap());
    assert!(listed(&p));
    assert_eq!(p.exitcode(), None);

    // join(0) returns at once, the child still alive. (Python's join(-1) too; a Rust
    // Duration cannot be negative, so that case does not compile.)
    let t0 = Instant::now();
    p.join_timeout(Duration::ZERO).unwrap();
    assert!(t0.elapsed() < Duration::from_secs(1));
    assert!(p.is_alive().unwrap());

    event.recv().unwrap();
    meth(&mut p).unwrap();
    // Python's alarm(10) against a join that blocks for ever: a bounded join here.
    p.join_timeout(Duration::from_secs(10)).unwrap();
    assert!(!p.is_alive().unwrap(), "join took too long: {p}");
    assert!(!listed(&p));
    let pid = p.pid().unwrap();
    p.join().unwrap();
    assert!(!is_our_child(pid));
    p.exitcode().unwrap()
}

/// Ports `test_terminate`: -SIGTERM.
#[test]
fn test_terminate() {
    assert_eq!(kill_process(Process::terminate), -15);
}

/// Ports `test_kill`: -SIGKILL.
#[test]
fn test_kill() {
    assert_eq!(kill_process(Process::kill), -9);
}

/// Ports `test_interrupt_no_handler`: -SIGINT. Python's `test_interrupt` expects 1 (the
/// child raises `KeyboardInterrupt`); a Rust child has no such exception: a stated difference.
#[test]
fn test_interrupt_no_handler() {
    assert_eq!(kill_process(Process::interrupt), -2);
}

/// Ports `test_close`: not while alive (ValueError); after it, use is an error; twice is fine.
#[test]
fn test_close() {
    let (q_get, q_put) = pipe::<Option<u32>>().unwrap();
    let mut p = Process::new("closing", move || {
        let _ = q_get.recv();
    })
    .daemon(true)
    .unwrap();
    p.start().unwrap();
    assert!(p.is_alive().unwrap());
    let err = p.close().unwrap_err();
    assert!(matches!(err, ProcessError::StillRunning));
    assert_eq!(
        err.to_string(),
        "Cannot close a process while it is still running. You should first call join() or terminate()."
    );

    q_put.send(&None).unwrap();
    p.join().unwrap();
    assert!(!is_our_child(p.pid().unwrap()));
    assert!(!p.is_alive().unwrap());
    assert_eq!(p.exitcode(), Some(0));
    p.close().unwrap();
    for err in [
        p.is_alive().unwrap_err(),
        p.join().unwrap_err(),
        p.terminate().unwrap_err(),
        p.start().unwrap_err(),
        p.sentinel().unwrap_err(),
    ] {
        assert!(matches!(err, ProcessError::Closed), "{err}");
        assert_eq!(err.to_string(), "process object is closed");
    }
    p.close().unwrap();
    // A stated difference: the numbers stay readable after close.
    assert_eq!(p.exitcode(), Some(0));
    assert_eq!(p.to_string(), "<Process name='closing' closed daemon>");
}

fn readable_within(fd: std::os::fd::BorrowedFd<'_>, ms: u16) -> bool {
    let mut fds = [PollFd::new(fd, PollFlags::POLLIN)];
    poll(&mut fds, PollTimeout::from(ms)).unwrap() == 1
}

/// Ports `test_sentinel`: an error before start; not ready while the child waits; ready
/// once it ended.
#[test]
fn test_sentinel() {
    let (event, set) = pipe::<()>().unwrap();
    let mut p = Process::new("waits", move || {
        let _ = event.recv();
    });
    let err = p.sentinel().unwrap_err();
    assert!(matches!(err, ProcessError::ProcessNotStarted));
    assert_eq!(err.to_string(), "process not started");
    p.start().unwrap();
    let sentinel = p.sentinel().unwrap().as_raw_fd();
    assert!(sentinel >= 0);
    assert!(!readable_within(p.sentinel().unwrap(), 0));
    set.send(&()).unwrap();
    p.join().unwrap();
    assert!(!is_our_child(p.pid().unwrap()));
    assert!(readable_within(p.sentinel().unwrap(), 1000));
    // Made once: the same descriptor every time.
    assert_eq!(p.sentinel().unwrap().as_raw_fd(), sentinel);
}

/// A sentinel asked for only after the child was reaped is readable at once too.
#[test]
fn sentinel_of_a_reaped_child_is_ready() {
    let mut p = Process::new("quick", || {});
    p.start().unwrap();
    p.join().unwrap();
    assert!(readable_within(p.sentinel().unwrap(), 0));
}

/// Ports `test_daemon_argument`: by default the current process's flag; else as given.
#[test]
fn test_daemon_argument() {
    let proc0 = Process::new("p0", || {});
    assert_eq!(proc0.is_daemon(), current_process_is_daemon());
    assert!(!proc0.is_daemon());
    let proc1 = Process::new("p1", || {}).daemon(true).unwrap();
    assert!(proc1.is_daemon());
    let proc2 = Process::new("p2", || {}).daemon(false).unwrap();
    assert!(!proc2.is_daemon());
}

/// Python's `p.daemon = x` on a started process raises at once and the process goes on. The
/// builder form (`daemon(x)`, which takes the process) used to wait for the child to exit and
/// then drop it; now it errors at once and hands the process back.
#[test]
fn daemon_on_a_started_process_errors_at_once_keeping_the_handle() {
    const CHILD_LIFE: Duration = Duration::from_secs(5);
    let mut p = Process::new("sleeper", || std::thread::sleep(CHILD_LIFE));
    p.start().unwrap();
    let t0 = Instant::now();
    let refused = p.daemon(true).unwrap_err();
    // A bound, far below the child's life: the call did not wait for it.
    assert!(t0.elapsed() < CHILD_LIFE / 2, "took {:?}", t0.elapsed());
    assert!(matches!(refused.error, ProcessError::AlreadyStarted));
    assert_eq!(refused.to_string(), "process has already started");
    let mut p = refused.process;
    assert!(p.is_alive().unwrap() && !p.is_daemon());
    p.terminate().unwrap();
    p.join().unwrap();
    assert_eq!(p.exitcode(), Some(-15));
}

/// Python's daemon rules: the flag cannot change once started ("process has already
/// started"), a daemon cannot start children, and a process made in a daemon is a daemon.
#[test]
fn daemon_rules_are_pythons() {
    let mut p = Process::new("d", || {}).daemon(true).unwrap();
    p.start().unwrap();
    let err = p.set_daemon(false).unwrap_err();
    assert!(matches!(err, ProcessError::AlreadyStarted));
    assert_eq!(err.to_string(), "process has already started");
    assert!(p.is_daemon(), "the flag did not change");
    p.join().unwrap();

    let (rx, tx) = pipe::<(bool, bool, String)>().unwrap();
    let mut d = Process::new("daemon-parent", move || {
        let mut grandchild = Process::new("grandchild", || {});
        let inherited = grandchild.is_daemon();
        let refused = grandchild.start().unwrap_err();
        tx.send(&(current_process_is_daemon(), inherited, refused.to_string()))
            .unwrap();
    })
    .daemon(true)
    .unwrap();
    d.start().unwrap();
    let (is_daemon, inherited, refused) = rx.recv().unwrap();
    d.join().unwrap();
    assert_eq!(d.exitcode(), Some(0));
    assert!(is_daemon && inherited);
    assert_eq!(
        refused,
        "daemonic processes are not allowed to have children"
    );
}

/// Ports `test_sys_exit`: an uncaught error exits 1 with its message on the child's stderr;
/// `exit(N)` exits N. (Python's `sys.exit("reason")` is a panic here, `sys.exit(N)` is
/// `std::process::exit(N)`; `sys.exit(True)` is `exit(1)`.)
#[test]
fn test_sys_exit() {
    for reason in ["[1, 2, 3]", "ignore this"] {
        let file = tempfile::NamedTempFile::new().unwrap();
        let path = file.path().to_owned();
        let mut p = Process::new("exits", move || {
            // Python's `sys.stderr = open(testfn, 'w')`.
            let f = std::fs::File::create(&path).unwrap();
            nix::unistd::dup2_stderr(&f).unwrap();
            panic!("{reason}");
        })
        .daemon(true)
        .unwrap();
        p.start().unwrap();
        p.join_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(p.exitcode(), Some(1));
        let content = std::fs::read_to_string(file.path()).unwrap();
        assert!(content.contains(reason), "{content:?}");
        assert!(content.starts_with("Process exits:"), "{content:?}");
    }
    for (code, expected) in [(1, 1), (0, 0), (8, 8)] {
        let mut p = Process::new("exits", move || std::process::exit(code));
        p.start().unwrap();
        p.join_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(p.exitcode(), Some(expected));
    }
    let mut p = Process::new("returns", || {});
    p.start().unwrap();
    p.join().unwrap();
    assert_eq!(p.exitcode(), Some(0));
}

/// Ports `test_wait_for_threads`: the child waits for its non-daemon thread (which sets the
/// event), not for its daemon thread (which would clear it 20 s later).
///
/// Rust's counterpart of a non-daemon thread is a scoped thread: `thread::scope` joins it
/// before the target returns. A `std::thread::spawn`ed thread is a daemon thread: the child
/// ends (`_exit`) when its target returns, as a Rust program ends when `main` returns.
#[test]
fn test_wait_for_threads() {
    let (events, tx) = pipe::<String>().unwrap();
    let mut p = Process::new("threads", move || {
        let daemon_tx = tx.try_clone().unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(20));
            let _ = daemon_tx.send(&"clear".to_string());
        });
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                tx.send(&"set".to_string()).unwrap();
            });
        });
    });
    let t0 = Instant::now();
    p.start().unwrap();
    p.join().unwrap();
    assert!(
        t0.elapsed() < Duration::from_secs(10),
        "waited for the daemon thread"
    );
    assert_eq!(p.exitcode(), Some(0));
    assert_eq!(events.recv().unwrap(), "set");
    // The daemon thread died with the child: it never sent, and no writer is left.
    assert!(matches!(events.recv(), Err(PipeError::Eof)));
}

/// The daemon flag crosses to a spawned child too: a spawned daemon may not start children,
/// a spawned non-daemon may.
#[test]
fn a_spawned_daemon_cannot_start_children() {
    multiprocessing::set_executable(env!("CARGO_BIN_EXE_multiprocessing"));
    for (daemon, expected) in [(true, 3), (false, 0)] {
        let mut p = Process::spawn("spawned", &multiprocessing::tasks::TRY_START_CHILD, &())
            .unwrap()
            .daemon(daemon)
            .unwrap();
        p.start().unwrap();
        p.join_timeout(Duration::from_secs(30)).unwrap();
        assert_eq!(p.exitcode(), Some(expected), "daemon={daemon}");
    }
}
