//! The cost of one process, started and joined: ours against the raw system calls.
//!
//! `cargo bench -p multiprocessing --bench start_join`. The figures to read are the ratios
//! in one run (`cargo xtask bench` pairs them, A B A B): `Process` fork over raw fork+waitpid (goal: within 10%), `Process` spawn over a
//! raw fork+exec+wait of the same binary doing the same nothing (goal: within 20%).
//! `Process` pays for its fork-safety here too: the at-fork locks (five uncontended locks,
//! tens of nanoseconds) against a fork's tens of microseconds; the sentinel (a pidfd) is
//! made only when asked for, so a plain start and join opens no extra descriptor.

use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use multiprocessing::Process;
use multiprocessing::spawn::SPAWN_ARG;
use multiprocessing::tasks::EXIT_WITH;
use nix::sys::wait::waitpid;
use nix::unistd::{ForkResult, fork};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

fn raw_fork_waitpid() {
    // Safety: the child calls only _exit, which is async-signal-safe.
    match unsafe { fork() }.expect("fork") {
        // Safety: _exit ends the child at once, touching nothing of the parent's.
        ForkResult::Child => unsafe { libc::_exit(0) },
        ForkResult::Parent { child } => {
            waitpid(child, None).expect("waitpid");
        }
    }
}

fn raw_reexec() {
    let status = Command::new(BIN)
        .args([SPAWN_ARG, "bench", "exit_with", "text", "0"])
        .stdout(Stdio::null())
        .status()
        .expect("exec");
    assert!(status.success());
}

fn start_join(mut p: Process) {
    p.start().expect("start");
    p.join().expect("join");
}

fn bench(c: &mut Criterion) {
    multiprocessing::set_executable(BIN);
    let mut g = c.benchmark_group("start+join one process");
    g.measurement_time(interleaving::cli::bench_time(Duration::from_secs(3)));
    g.bench_function("raw fork+waitpid", |b| b.iter(raw_fork_waitpid));
    g.bench_function("Process fork", |b| {
        b.iter(|| start_join(Process::new("bench", || {})))
    });
    g.bench_function("raw fork+exec+wait", |b| b.iter(raw_reexec));
    g.bench_function("Process spawn", |b| {
        b.iter(|| start_join(Process::spawn("bench", &EXIT_WITH, &0).expect("spawn")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
