//! A forked child that starts a spawned one never hangs, while other threads take every lock
//! of the crate (the spawn executable, the default start method, the live children, the
//! child's name, stdout and stderr) over and over: the at-fork handler must hold them all
//! at the fork. Its own test binary: it sets the default start method, and counts children.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use multiprocessing::tasks::SLEEP_MS;
use multiprocessing::{
    Process, StartMethod, active_children, current_process_name, get_context, get_start_method,
    set_start_method,
};

/// A bound, not a timing claim: a healthy child here ends in a few milliseconds. A child that
/// inherited a held lock never ends; the deadline turns that hang into a failure.
const JOIN_DEADLINE: Duration = Duration::from_secs(10);

/// Takes every lock of the crate (and std's stdout and stderr) in a loop until `stop`: the
/// spawn executable, the default start method, the live children, the child's name.
fn take_every_lock(stop: &AtomicBool) {
    use std::io::Write;
    let exe = env!("CARGO_BIN_EXE_multiprocessing");
    while !stop.load(Ordering::Relaxed) {
        multiprocessing::set_executable(exe);
        set_start_method(StartMethod::Fork, true).unwrap();
        let _ = get_start_method();
        let _ = get_context(None);
        let _ = active_children();
        let _ = current_process_name();
        let _ = std::io::stdout().lock().write_all(b"");
        let _ = std::io::stderr().lock().write_all(b"");
    }
}

/// A forked child that needs the spawn executable and the default start method: it starts a
/// spawned grandchild (exit 1 if that fails or does not end in time).
fn child_starting_a_spawn_child() {
    let _ = get_start_method();
    let Ok(mut grandchild) = Process::spawn("grandchild", &SLEEP_MS, &0) else {
        std::process::exit(1)
    };
    if grandchild.start().is_err() || grandchild.join_timeout(JOIN_DEADLINE).is_err() {
        std::process::exit(1)
    }
    if grandchild.exitcode() != Some(0) {
        let _ = grandchild.kill();
        std::process::exit(1)
    }
}

/// One forking thread's rounds; stops at its first hung or failed child and names it.
fn spawning_rounds(thread: usize, rounds: usize) -> Option<String> {
    for round in 0..rounds {
        let name = format!("t{thread}-r{round}");
        let mut p = Process::new(&name, child_starting_a_spawn_child);
        p.start().unwrap();
        p.join_timeout(JOIN_DEADLINE).unwrap();
        if p.is_alive().unwrap_or(false) {
            let _ = p.kill();
            let _ = p.join();
            return Some(format!("{name} hung"));
        }
        if p.exitcode() != Some(0) {
            return Some(format!("{name} exited with {:?}", p.exitcode()));
        }
    }
    None
}

#[test]
fn forked_children_start_spawn_children_while_every_lock_is_taken() {
    // The at-fork handler must take every lock a child needs: before it took the executable's
    // and the default start method's, a child forked while the locker held one hung on its
    // first spawn, within the first few rounds.
    const FORKERS: usize = 4;
    const ROUNDS: usize = 25;
    multiprocessing::set_executable(env!("CARGO_BIN_EXE_multiprocessing"));
    let stop = AtomicBool::new(false);
    let failed: Vec<String> = std::thread::scope(|s| {
        let lockers: Vec<_> = (0..2).map(|_| s.spawn(|| take_every_lock(&stop))).collect();
        let forkers: Vec<_> = (0..FORKERS)
            .map(|t| s.spawn(move || spawning_rounds(t, ROUNDS)))
            .collect();
        let failed = forkers
            .into_iter()
            .filter_map(|h| h.join().unwrap())
            .collect();
        stop.store(true, Ordering::Relaxed);
        lockers.into_iter().for_each(|h| h.join().unwrap());
        failed
    });
    assert!(failed.is_empty(), "children hung or failed: {failed:?}");
    assert!(active_children().is_empty());
}
