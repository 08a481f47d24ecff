//! What every exercise file calls: the run's frame (lesson, cell and knob events), named
//! threads whose start, exit and join are in the trace, and the judge's gates.
//!
//! An exercise is a whole program the learner edits, so it must not have to know the trace
//! format: it calls [`run`] with its body, starts threads with [`spawn`] and [`join`], and
//! reports through [`Actor`]s. The judge turns knobs through the environment: [`slow`] makes
//! a worker slow (so "a child has not printed yet" happens every time, not by luck), and
//! [`rendezvous`] holds a thread until its partner arrives (so two threads really hold their
//! first lock at once).

use std::fmt::Display;
use std::process::ExitCode;
use std::sync::{Condvar, Mutex, OnceLock};
use std::thread::{Scope, ScopedJoinHandle};
use std::time::Duration;

use anyhow::anyhow;
use interleaving::emit::{self, Mode};
use interleaving::{Actor, kinds};

/// The variable the judge sets to make [`slow`] pause this many milliseconds.
pub const SLOW_ENV: &str = "EXERCISES_SLOW_MS";

/// The milliseconds [`slow`] pauses in this run (0 unless the judge set [`SLOW_ENV`]).
pub fn slow_ms() -> u64 {
    static MS: OnceLock<u64> = OnceLock::new();
    *MS.get_or_init(|| {
        std::env::var(SLOW_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    })
}

/// Stands for real work that takes a while: pauses [`slow_ms`]. The judge varies it from run
/// to run, so a program that is only right when the work is quick is caught.
pub fn slow() {
    let ms = slow_ms();
    if ms > 0 {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// A moment of work between reading a shared value and writing the next one back, as the
/// several bytecodes between Python's read of `counter` and its write in `counter += 1`. It
/// widens the window a thread can be interrupted in, so that the race shows even when a
/// busy machine lets the threads only take turns on one core.
pub fn think() {
    for _ in 0..100 {
        std::hint::spin_loop();
    }
}

/// Runs one exercise: `--trace` prints JSON Lines (what the judge reads), no flag prints the
/// output as a learner would see it. The trace names `lesson`, one cell (the exercise) and its
/// `knobs` (plus `slow_ms`), then whatever `body` reports as `main`. Exit 0, 1 with the error
/// on stderr, or 2 for a flag it does not know.
pub fn run(
    lesson: &str,
    exercise: &str,
    knobs: &[(&str, &dyn Display)],
    body: impl FnOnce(&Actor) -> anyhow::Result<()>,
) -> ExitCode {
    let mut trace = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--trace" => trace = true,
            other => {
                eprintln!("error: unexpected argument '{other}'\n\nUsage: {exercise} [--trace]");
                return ExitCode::from(2);
            }
        }
    }
    emit::set_mode(if trace { Mode::Trace } else { Mode::Text });
    let frame = emit::lesson_actor();
    frame.emit(kinds::LESSON, lesson);
    frame.emit(kinds::CELL, exercise);
    let slow = slow_ms();
    let mut all: Vec<(&str, &dyn Display)> = knobs.to_vec();
    all.push(("slow_ms", &slow));
    interleaving::knob::emit(&all);
    let main = Actor::new("main");
    match body(&main) {
        Ok(()) => {
            frame.emit(kinds::END, lesson);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// What a thread's `exit` event says when it returns this: `returned` for `()`, the reason
/// itself for a `&'static str` (a consumer's `"shutdown"`, the lesson's word for it).
pub trait ExitValue {
    /// The `exit` event's value.
    fn exit_value(&self) -> &'static str;
}

impl ExitValue for () {
    fn exit_value(&self) -> &'static str {
        "returned"
    }
}

impl ExitValue for &'static str {
    fn exit_value(&self) -> &'static str {
        self
    }
}

impl ExitValue for anyhow::Result<()> {
    fn exit_value(&self) -> &'static str {
        if self.is_ok() { "returned" } else { "failed" }
    }
}

/// A thread started by [`spawn`]: its name and its handle.
pub struct Started<'scope, T> {
    name: String,
    handle: ScopedJoinHandle<'scope, T>,
}

/// Starts a thread named `name` in `scope` (Python's `Thread(target=f, name=name).start()`):
/// main records `start`, the thread gets its own [`Actor`] and records `exit` when `f` returns
/// (see [`ExitValue`]).
pub fn spawn<'scope, 'env, T: ExitValue + Send + 'scope>(
    scope: &'scope Scope<'scope, 'env>,
    main: &Actor,
    name: &str,
    f: impl FnOnce(&Actor) -> T + Send + 'scope,
) -> Started<'scope, T> {
    main.emit(kinds::START, name);
    let me = Actor::new(name);
    let handle = scope.spawn(move || {
        let out = f(&me);
        me.emit(kinds::EXIT, out.exit_value());
        out
    });
    Started {
        name: name.to_owned(),
        handle,
    }
}

/// Waits for a thread started by [`spawn`] (Python's `t.join()`), then records `join`. A
/// panic in the thread comes back as an error naming it.
pub fn join<T>(main: &Actor, started: Started<'_, T>) -> anyhow::Result<T> {
    let out = started.handle.join().map_err(|p| {
        anyhow!(
            "{} panicked: {}",
            started.name,
            interleaving::panic_message(&*p)
        )
    })?;
    main.emit(kinds::JOIN, &started.name);
    Ok(out)
}

/// Holds the caller until `parties` callers have arrived under `name`, or `patience` has
/// passed, whichever comes first. The judge's gate: it makes an overlap happen every run
/// (two threads inside at once) without ever deciding who goes first, and it lets a correct
/// program, where the partner cannot arrive, go on after `patience`.
pub fn rendezvous(name: &str, parties: usize, patience: Duration) {
    // Under the judge's model check (feature `loom`) loom itself tries every order, and a real
    // wait here would block the one OS thread loom runs its threads on: the gate is open.
    if cfg!(feature = "loom") {
        return;
    }
    static ARRIVED: Mutex<Vec<(String, usize)>> = Mutex::new(Vec::new());
    static CHANGED: Condvar = Condvar::new();
    let mut arrived = ARRIVED.lock().unwrap_or_else(|e| e.into_inner());
    let here = match arrived.iter().position(|(n, _)| n == name) {
        Some(i) => i,
        None => {
            arrived.push((name.to_owned(), 0));
            arrived.len() - 1
        }
    };
    arrived[here].1 += 1;
    CHANGED.notify_all();
    let (_guard, _timed_out) = CHANGED
        .wait_timeout_while(arrived, patience, |a| a[here].1 < parties)
        .unwrap_or_else(|e| e.into_inner());
}

/// The crash the `distributed` exercises survive: the first time the worker named `victim`
/// reaches this point, it records `killed` and is killed with SIGKILL, as a machine dies:
/// no unwinding, no `Drop`, no `finally`. Every other time, and in every other worker, it
/// does nothing. Call it only in a worker process of your own (a `Process`), never in main.
pub fn killed_here_once(me: &Actor, victim: &str, point: &str) {
    static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if me.name() != victim || DONE.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    me.emit("killed", point);
    let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
}
