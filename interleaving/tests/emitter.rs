//! The emitter under load: many threads and forked children writing at once into one pipe must
//! still give a trace where every line parses and every actor's seq is in order.
//!
//! The test re-runs its own binary with `EMITTER_CHILD` set, so the events go to a real pipe
//! (the test harness's output capture only sees `print!`, not raw writes to fd 1).

use std::process::Command;

use interleaving::{Actor, Mode, Rule, Select, Trace, check, emit};

const THREADS: usize = 6;
const CHILDREN: usize = 3;
const EVENTS: usize = 300;

#[test]
fn emitter_child() {
    if std::env::var_os("EMITTER_CHILD").is_none() {
        return;
    }
    emit::set_mode(Mode::Trace);
    let mut pids = Vec::new();
    for c in 0..CHILDREN {
        // Safety: the child only emits (write(2) on fd 1) and leaves with _exit; it touches no
        // lock another thread of the parent could hold, as no other thread exists yet.
        match unsafe { nix::unistd::fork() }.expect("fork") {
            nix::unistd::ForkResult::Child => {
                let me = Actor::new(format!("child-{c}"));
                for i in 0..EVENTS {
                    me.print(format!("{c}:{i} {}", "x".repeat(i % 50)));
                }
                // Safety: ends the child without running the parent's destructors.
                unsafe { nix::libc::_exit(0) };
            }
            nix::unistd::ForkResult::Parent { child } => pids.push(child),
        }
    }
    std::thread::scope(|s| {
        for t in 0..THREADS {
            s.spawn(move || {
                let me = Actor::new(format!("thread-{t}"));
                for i in 0..EVENTS {
                    me.write(format!("{t}:{i} "));
                }
            });
        }
    });
    for pid in pids {
        nix::sys::wait::waitpid(pid, None).expect("waitpid");
    }
}

#[test]
fn lines_never_tear_and_seq_stays_in_order_across_threads_and_forks() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "emitter_child",
            "--nocapture",
            "--quiet",
            "--test-threads=1",
        ])
        .env("EMITTER_CHILD", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    // The harness prints its own lines ("running 1 test"...); keep only ours.
    let ours: String = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("{\"seq\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let trace = Trace::parse(&ours).expect("every line is a whole event");
    assert_eq!(trace.lines.len(), (THREADS + CHILDREN) * EVENTS);
    let props = [
        interleaving::Property::new("order", Rule::PerActorOrder),
        interleaving::Property::new(
            "children-distinct",
            Rule::DistinctPids {
                select: Select::kind("print").by("child-*").value("0:0 |1:0 |2:0 "),
            },
        ),
    ];
    let report = check(&trace, &props);
    assert!(report.is_ok(), "{report}");
}
