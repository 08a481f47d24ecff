//! A spawned child that starts a process before `main` called `dispatch` is refused, as
//! Python refuses it during the child's "bootstrapping phase".
//!
//! A plain `main` (no test harness): this binary spawns itself, and as the child starts a
//! process before anything else. Exit codes: 3 = refused with Python's words (the pass).

use multiprocessing::spawn::SPAWN_ARG;
use multiprocessing::tasks::EXIT_WITH;
use multiprocessing::{Process, ProcessError};

fn main() {
    if std::env::args().nth(1).as_deref() == Some(SPAWN_ARG) {
        // The child: a `main` that starts a process before calling dispatch.
        let code = match Process::new("too-early", || {}).start() {
            Err(e @ ProcessError::Bootstrapping) if e.to_string().starts_with(
                "An attempt has been made to start a new process before the current process has finished its bootstrapping phase.",
            ) => 3,
            Err(_) => 4,
            Ok(()) => 5,
        };
        std::process::exit(code);
    }
    a_spawned_child_cannot_start_a_process_before_dispatch();
    println!("test a_spawned_child_cannot_start_a_process_before_dispatch ... ok");
}

/// The parent side: spawns this binary, whose `main` (above) starts a process too early.
fn a_spawned_child_cannot_start_a_process_before_dispatch() {
    multiprocessing::set_executable(std::env::current_exe().expect("current_exe"));
    let mut child = Process::spawn("child", &EXIT_WITH, &0).expect("spawn");
    child.start().expect("start");
    child.join().expect("join");
    assert_eq!(
        child.exitcode(),
        Some(3),
        "the spawned child was not refused (4: another error, 5: it started a process)"
    );
    // In the parent (not a spawned child), starting is fine.
    let mut p = Process::new("fine", || {});
    p.start().expect("start in the parent");
    p.join().expect("join");
}
