//! `Process`: Python's life cycle, exit codes, timeouts, and no zombie ever, with fork and spawn.

mod common;

use std::time::Duration;

use multiprocessing::tasks::{
    EXIT_WITH, PANIC_WITH, SHOW_SQUARE, SHOW_SQUARE_UNREGISTERED, SLEEP_MS, SquareArgs,
};
use multiprocessing::{Process, ProcessError, StartMethod, pipe};

use common::is_our_child;

fn use_demo_binary_for_spawn() {
    // The test harness has no task registry; the demo binary has.
    multiprocessing::set_executable(env!("CARGO_BIN_EXE_multiprocessing"));
}

fn wait_forever() {
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn exitcode_of(mut p: Process) -> i32 {
    p.start().unwrap();
    p.join().unwrap();
    p.exitcode().unwrap()
}

#[test]
fn created_process_is_not_started() {
    let mut p = Process::new("idle", || {});
    assert!(!p.is_alive().unwrap());
    assert_eq!(p.pid(), None);
    assert_eq!(p.exitcode(), None);
    assert_eq!(p.start_method(), StartMethod::Fork);
    assert_eq!(p.to_string(), "<Process name='idle' initial>");
}

#[test]
fn join_terminate_kill_before_start_are_errors_with_pythons_words() {
    let mut p = Process::new("idle", || {});
    assert!(matches!(p.join(), Err(ProcessError::NotStarted("join"))));
    assert_eq!(
        p.join().unwrap_err().to_string(),
        "can only join a started process"
    );
    assert_eq!(
        p.join_timeout(Duration::from_millis(1))
            .unwrap_err()
            .to_string(),
        "can only join a started process"
    );
    assert_eq!(
        p.terminate().unwrap_err().to_string(),
        "can only terminate a started process"
    );
    assert_eq!(
        p.kill().unwrap_err().to_string(),
        "can only kill a started process"
    );
}

#[test]
fn starting_twice_is_an_error() {
    let mut p = Process::new("once", || {});
    p.start().unwrap();
    assert_eq!(
        p.start().unwrap_err().to_string(),
        "cannot start a process twice"
    );
    p.join().unwrap();
    assert!(matches!(p.start(), Err(ProcessError::StartedTwice)));
}

#[test]
fn fork_exit_codes_are_pythons() {
    assert_eq!(exitcode_of(Process::new("returns", || {})), 0);
    assert_eq!(
        exitcode_of(Process::new("panics", || panic!("on purpose, in a test"))),
        1
    );
    assert_eq!(
        exitcode_of(Process::new("exits-8", || std::process::exit(8))),
        8
    );
}

#[test]
fn terminate_gives_minus_15_and_kill_minus_9() {
    let mut t = Process::new("terminated", wait_forever);
    let mut k = Process::new("killed", wait_forever);
    t.start().unwrap();
    k.start().unwrap();
    assert!(t.is_alive().unwrap() && k.is_alive().unwrap());
    t.terminate().unwrap();
    k.kill().unwrap();
    t.join().unwrap();
    k.join().unwrap();
    assert_eq!(t.exitcode(), Some(-15));
    assert_eq!(k.exitcode(), Some(-9));
    assert!(t.to_string().ends_with("stopped exitcode=-SIGTERM>"), "{t}");
    // Once reaped, terminate is a no-op, as in Python.
    t.terminate().unwrap();
    assert_eq!(t.exitcode(), Some(-15));
}

#[test]
fn join_timeout_returns_with_the_child_still_alive() {
    let mut p = Process::new("sleeper", wait_forever);
    p.start().unwrap();
    p.join_timeout(Duration::from_millis(20)).unwrap();
    assert!(p.is_alive().unwrap());
    assert_eq!(p.exitcode(), None);
    p.kill().unwrap();
    p.join_timeout(Duration::from_secs(30)).unwrap();
    assert!(!p.is_alive().unwrap());
    assert_eq!(p.exitcode(), Some(-9));
}

#[test]
fn children_have_their_own_pids_and_memory() {
    let (rx, tx) = pipe::<(u32, Vec<u32>)>().unwrap();
    let mut data = vec![1, 2, 3];
    let copy_for_child = data.clone();
    let mut p = Process::new("child", move || {
        let mut mine = copy_for_child;
        mine.push(4);
        tx.send(&(std::process::id(), mine)).unwrap();
    });
    p.start().unwrap();
    let (child_pid, child_data) = rx.recv().unwrap();
    p.join().unwrap();
    data.push(5);
    assert_eq!(Some(child_pid), p.pid());
    assert_ne!(child_pid, std::process::id());
    assert_eq!(child_data, [1, 2, 3, 4]);
    assert_eq!(data, [1, 2, 3, 5]);
}

#[test]
fn a_dropped_process_is_joined_and_leaves_no_zombie() {
    let mut p = Process::new("short", || {});
    p.start().unwrap();
    let pid = p.pid().unwrap();
    drop(p);
    assert!(
        !is_our_child(pid),
        "pid {pid} is still our child after drop"
    );
}

#[test]
fn a_dropped_daemon_is_terminated_and_reaped() {
    let mut p = Process::new("daemon", wait_forever).daemon(true).unwrap();
    p.start().unwrap();
    let pid = p.pid().unwrap();
    assert!(is_our_child(pid));
    drop(p);
    assert!(
        !is_our_child(pid),
        "pid {pid} is still our child after drop"
    );
}

#[test]
fn a_dropped_unstarted_process_does_nothing() {
    drop(Process::new("never", || unreachable!()));
}

#[test]
fn spawn_exit_codes_are_pythons() {
    use_demo_binary_for_spawn();
    let code = |p: Result<Process, ProcessError>| exitcode_of(p.unwrap());
    assert_eq!(code(Process::spawn("exits-8", &EXIT_WITH, &8)), 8);
    assert_eq!(code(Process::spawn("exits-0", &EXIT_WITH, &0)), 0);
    assert_eq!(
        code(Process::spawn(
            "panics",
            &PANIC_WITH,
            &"on purpose, in a test".to_string()
        )),
        1
    );
    assert_eq!(code(Process::spawn("sleeps", &SLEEP_MS, &1)), 0);
}

#[test]
fn spawn_of_an_unregistered_task_exits_1() {
    use_demo_binary_for_spawn();
    let args = SquareArgs { n: 3, work_ms: 0 };
    let p = Process::spawn("child-3", &SHOW_SQUARE_UNREGISTERED, &args).unwrap();
    assert_eq!(p.start_method(), StartMethod::Spawn);
    assert_eq!(exitcode_of(p), 1);
    // And the registered one runs.
    assert_eq!(
        exitcode_of(Process::spawn("child-3", &SHOW_SQUARE, &args).unwrap()),
        0
    );
}

#[test]
fn spawned_child_can_be_terminated_and_leaves_no_zombie() {
    use_demo_binary_for_spawn();
    let mut p = Process::spawn("sleeps", &SLEEP_MS, &60_000).unwrap();
    p.start().unwrap();
    let pid = p.pid().unwrap();
    assert!(p.is_alive().unwrap());
    p.terminate().unwrap();
    p.join().unwrap();
    assert_eq!(p.exitcode(), Some(-15));
    assert!(!is_our_child(pid));
    // A spawned daemon dropped while running is terminated and reaped too.
    let mut d = Process::spawn("daemon", &SLEEP_MS, &60_000)
        .unwrap()
        .daemon(true)
        .unwrap();
    d.start().unwrap();
    let pid = d.pid().unwrap();
    drop(d);
    assert!(!is_our_child(pid));
}
