//! Ports of CPython's `Lib/test/test_threading.py` `ExceptHookTests` and its join-at-exit case,
//! named after the CPython tests. The panic hook is per process and these tests read stderr or
//! the exit code, so each runs its body in a child: this test binary again, with
//! `--exact NAME` and `THREADING_CHILD=NAME` set.

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use threading::{
    Event, ExceptHookArgs, SystemExit, exit_thread, install_excepthook, set_excepthook,
};

/// True in the child run for `name`: the test then does its part and returns.
fn in_child(name: &str) -> bool {
    std::env::var("THREADING_CHILD").is_ok_and(|v| v == name)
}

/// Runs the test `name` alone in a child process and returns its output.
fn child(name: &str) -> Output {
    let exe = std::env::current_exe().expect("the test binary's path");
    Command::new(exe)
        .args([
            name,
            "--exact",
            "--nocapture",
            "--quiet",
            "--test-threads=1",
        ])
        .env("THREADING_CHILD", name)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the test binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Python's `ThreadRunFail(name="excepthook thread")`: a named thread that fails.
fn run_fail() -> thread::Result<()> {
    threading::spawn("excepthook thread", || -> () { panic!("run failed") })
        .expect("spawn")
        .join()
        .map(|exited| exited.expect("no exit_thread"))
}

/// Ports `test_excepthook`: `Exception in thread NAME:`, a traceback, the error. The stated
/// difference: Python's `join()` returns normally, Rust's returns `Err` with the panic.
#[test]
fn test_excepthook() {
    if in_child("test_excepthook") {
        install_excepthook();
        let joined = run_fail();
        println!("join returned Err: {}", joined.is_err());
        return;
    }
    let out = child("test_excepthook");
    let err = text(&out.stderr);
    assert!(
        err.contains("Exception in thread excepthook thread:\n"),
        "{err}"
    );
    assert!(
        err.contains("Traceback (most recent call last):\n"),
        "{err}"
    );
    assert!(
        err.contains("  File \"threading/tests/test_threading.rs:"),
        "{err}"
    );
    assert!(err.contains("panic: run failed"), "{err}");
    assert!(text(&out.stdout).contains("join returned Err: true"));
    assert!(out.status.success());
}

/// Ports `test_system_exit`: `sys.exit(1)` in a thread ends only that thread, and the hook
/// prints nothing. Here [`exit_thread`]: the thread's value is `Err(SystemExit(1))`; in a
/// plain std thread, `join` returns `Err` holding `SystemExit(1)`.
#[test]
fn test_system_exit() {
    if in_child("test_system_exit") {
        install_excepthook();
        let t = threading::spawn("exits", || -> () { exit_thread(1) }).unwrap();
        assert_eq!(t.join().unwrap(), Err(SystemExit(1)));
        let t = thread::spawn(|| -> () { exit_thread(1) });
        let payload = t.join().expect_err("the thread exited");
        assert_eq!(payload.downcast_ref(), Some(&SystemExit(1)));
        println!("main goes on");
        return;
    }
    let out = child("test_system_exit");
    assert_eq!(text(&out.stderr), "", "the hook printed for a SystemExit");
    assert!(text(&out.stdout).contains("main goes on"));
    assert!(out.status.success());
}

/// Ports `test_custom_excepthook_fail`: a hook that raises is reported as "Exception in
/// threading.excepthook:" (then the hook's own error, Python's `sys.excepthook`), and the
/// program goes on. std aborts on a panic inside its panic hook, so the hook runs after the
/// thread's panic has unwound, as CPython's bootstrap calls it.
#[test]
fn test_custom_excepthook_fail() {
    if in_child("test_custom_excepthook_fail") {
        set_excepthook(|_| panic!("threading_hook failed"));
        let joined = run_fail().expect_err("the thread failed");
        println!("join returned Err: {}", threading::panic_message(&*joined));
        println!("main goes on");
        return;
    }
    let out = child("test_custom_excepthook_fail");
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.starts_with("Exception in threading.excepthook:\n"),
        "{err}"
    );
    assert!(err.contains("panic: threading_hook failed\n"), "{err}");
    assert!(!err.contains("run failed"), "{err}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("join returned Err: run failed"), "{stdout}");
    assert!(stdout.contains("main goes on"), "{stdout}");
}

/// Python reports through `threading.excepthook` only an exception that escapes a thread's
/// `run()`: not one the thread catches itself, and not one on the main thread (that goes to
/// `sys.excepthook`; here, to the panic hook that was there before, Rust's default).
#[test]
fn the_hook_reports_neither_a_caught_panic_nor_a_main_thread_panic() {
    const NAME: &str = "the_hook_reports_neither_a_caught_panic_nor_a_main_thread_panic";
    if in_child(NAME) {
        let calls = Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = calls.clone();
        set_excepthook(move |args| seen.lock().unwrap().push(args.message.clone()));
        let t = threading::spawn("catches", || {
            std::panic::catch_unwind(|| panic!("caught inside")).is_err()
        })
        .unwrap();
        assert_eq!(t.join().unwrap(), Ok(true));
        // The test's own thread stands for the main thread: not started by threading::spawn.
        assert!(std::panic::catch_unwind(|| panic!("on the main thread")).is_err());
        assert_eq!(*calls.lock().unwrap(), Vec::<String>::new());
        println!("checked");
        return;
    }
    let out = child(NAME);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(text(&out.stdout).contains("checked"));
    assert!(!err.contains("caught inside"), "{err}");
    assert!(!err.contains("Exception in thread"), "{err}");
    // The main thread's panic is printed by Rust's default hook, as Python's sys.excepthook
    // prints one on the main thread.
    assert!(
        err.contains("panicked at") && err.contains("on the main thread"),
        "{err}"
    );
}

/// `exit_thread` in a thread of `thread::scope`: from `threading::spawn_scoped` it ends only
/// that thread and the scope returns; from a plain `s.spawn` the scope panics in the parent
/// once it has joined its threads (stated: std treats the `SystemExit` unwinding as a panic).
#[test]
fn exit_thread_in_a_scope_ends_only_that_thread() {
    const NAME: &str = "exit_thread_in_a_scope_ends_only_that_thread";
    if in_child(NAME) {
        let sum = thread::scope(|s| {
            let quits = threading::spawn_scoped(s, "quits", || -> u32 { exit_thread(2) }).unwrap();
            let adds = threading::spawn_scoped(s, "adds", || 2 + 2).unwrap();
            assert_eq!(quits.join().unwrap(), Err(SystemExit(2)));
            adds.join().unwrap().unwrap()
        });
        println!("scope returned {sum}");
        let plain = std::panic::catch_unwind(|| {
            thread::scope(|s| {
                s.spawn(|| -> () { exit_thread(2) });
            })
        });
        let payload = plain.expect_err("the plain scope panicked");
        println!("plain scope: {}", threading::panic_message(&*payload));
        return;
    }
    let out = child(NAME);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("scope returned 4"), "{stdout}");
    assert!(
        stdout.contains("plain scope: a scoped thread panicked"),
        "{stdout}"
    );
}

/// The stated difference beside `test_system_exit`: `std::process::exit` in a thread ends the
/// whole process at once (main never gets past its `join`), with the thread's code.
#[test]
fn process_exit_in_a_thread_ends_the_process() {
    if in_child("process_exit_in_a_thread_ends_the_process") {
        let t = thread::spawn(|| std::process::exit(3));
        let _ = t.join();
        println!("main goes on");
        return;
    }
    let out = child("process_exit_in_a_thread_ends_the_process");
    assert_eq!(out.status.code(), Some(3));
    assert!(!text(&out.stdout).contains("main goes on"));
}

/// Ports `test_custom_excepthook`: the hook gets the thread and the error.
#[test]
fn test_custom_excepthook() {
    if in_child("test_custom_excepthook") {
        let seen: Arc<Mutex<Option<ExceptHookArgs>>> = Arc::default();
        let s = seen.clone();
        set_excepthook(move |args| *s.lock().unwrap() = Some(args.clone()));
        assert!(run_fail().is_err());
        let args = seen.lock().unwrap().clone().expect("the hook ran");
        assert_eq!(args.thread, "excepthook thread");
        assert_eq!(args.message, "run failed");
        assert!(
            args.location
                .is_some_and(|l| l.contains("test_threading.rs"))
        );
        println!("checked");
        return;
    }
    let out = child("test_custom_excepthook");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("checked"));
    assert_eq!(text(&out.stderr), "");
}

/// Ports `test_original_excepthook`: a custom hook, then the default one back, prints what the
/// default printed before.
#[test]
fn test_original_excepthook() {
    if in_child("test_original_excepthook") {
        install_excepthook();
        let _ = run_fail();
        eprintln!("---");
        set_excepthook(|_| eprintln!("Running a thread failed"));
        let _ = run_fail();
        eprintln!("---");
        install_excepthook();
        let _ = run_fail();
        return;
    }
    let out = child("test_original_excepthook");
    let err = text(&out.stderr);
    let parts: Vec<&str> = err.split("---\n").collect();
    assert_eq!(parts.len(), 3, "{err}");
    assert_eq!(parts[0], parts[2]);
    assert_eq!(parts[1], "Running a thread failed\n");
}

/// Ports `test_join_nondaemon_on_shutdown`, as the stated difference: Python joins every
/// non-daemon thread before the interpreter exits, so the child's "Woke up" is printed. A Rust
/// thread from `thread::spawn` is like a daemon thread: when `main` returns the process ends
/// and the thread is cut off mid-wait, its line never printed.
#[test]
fn test_join_nondaemon_on_shutdown() {
    const NAME: &str = "test_join_nondaemon_on_shutdown";
    if in_child(NAME) {
        thread::spawn(|| {
            Event::new().wait_timeout(Duration::from_secs(5)); // Python's sleep(1)
            println!("Woke up");
        });
        return; // the test harness exits right after: like main returning
    }
    let t0 = Instant::now();
    let out = child(NAME);
    assert!(out.status.success());
    assert!(
        !text(&out.stdout).contains("Woke up"),
        "the thread outlived main"
    );
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "the process waited for the thread"
    );
}

/// The answer to the difference above: `thread::scope` joins its threads before it returns,
/// like Python's exit joins non-daemon threads, so "Woke up" is always printed.
#[test]
fn scope_joins_like_python_at_exit() {
    const NAME: &str = "scope_joins_like_python_at_exit";
    if in_child(NAME) {
        thread::scope(|s| {
            s.spawn(|| {
                Event::new().wait_timeout(Duration::from_millis(50));
                println!("Woke up");
            });
        });
        return;
    }
    let out = child(NAME);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Woke up"));
}
