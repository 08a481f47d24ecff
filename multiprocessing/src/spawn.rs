//! The `Spawn` start method: run this same binary again, and tell it which task to run.
//!
//! Python's spawn starts a fresh interpreter, which imports `__main__` and unpickles the
//! target *by reference*: a module name and a function name. If the function lives nowhere
//! the child can import it from (the notebook defined `showSquare` in an interactive session),
//! the child fails with `AttributeError: Can't get attribute 'showSquare' on <module
//! '__main__'>`. Rust's equivalent of a function found by name is a [`Task`] listed in the
//! binary's registry; its arguments travel as JSON (serde plays pickle). A task the binary
//! did not register fails the same way, at the same moment: in the child, at start-up.
//!
//! The binary's `main` must call [`dispatch`] first, before parsing its own flags: a spawned
//! child is this binary started with [`SPAWN_ARG`] and its own arguments.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::child;
use interleaving::{Actor, Mode, emit};

/// The hidden first argument that makes the binary a spawned child instead of the lesson.
pub const SPAWN_ARG: &str = "--multiprocessing-spawn-child";

/// A function a spawned child can find by name, with typed arguments.
///
/// ```
/// use multiprocessing::Task;
/// fn show_square(n: u64) { println!("{}", n * n) }
/// pub static SHOW_SQUARE: Task<u64> = Task::new("show_square", show_square);
/// assert_eq!(SHOW_SQUARE.name(), "show_square");
/// ```
pub struct Task<A> {
    name: &'static str,
    run: fn(A),
}

impl<A> Task<A> {
    /// A task named `name` that runs `run(args)` in the child.
    pub const fn new(name: &'static str, run: fn(A)) -> Self {
        Task { name, run }
    }

    /// The name the child looks it up by.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// A task as the registry sees it: a name, and a way to run it from JSON arguments.
pub trait Registered: Sync {
    /// The name the child looks it up by.
    fn name(&self) -> &'static str;
    /// Deserializes the arguments and runs the task.
    fn run_json(&self, args: &str) -> Result<(), serde_json::Error>;
}

impl<A: DeserializeOwned> Registered for Task<A> {
    fn name(&self) -> &'static str {
        self.name
    }
    fn run_json(&self, args: &str) -> Result<(), serde_json::Error> {
        let a: A = serde_json::from_str(args)?;
        (self.run)(a);
        Ok(())
    }
}

/// The tasks a binary can run as spawned children.
pub type Registry = [&'static dyn Registered];

/// Serializes a task's arguments for the command line.
pub(crate) fn pickle<A: Serialize>(task: &str, args: &A) -> Result<String, crate::ProcessError> {
    serde_json::to_string(args).map_err(|source| crate::ProcessError::Pickling {
        task: task.to_owned(),
        source,
    })
}

pub(crate) static EXECUTABLE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Python's `multiprocessing.set_executable`: which binary `Spawn` runs. By default it is
/// `std::env::current_exe()`; a test binary sets the demo binary here, since the test harness
/// itself has no registry and no [`dispatch`].
pub fn set_executable(path: impl Into<PathBuf>) {
    if let Ok(mut e) = EXECUTABLE.lock() {
        *e = Some(path.into());
    }
}

/// The binary `Spawn` will run.
pub fn executable() -> std::io::Result<PathBuf> {
    match EXECUTABLE.lock().ok().and_then(|e| e.clone()) {
        Some(p) => Ok(p),
        None => std::env::current_exe(),
    }
}

/// The command line of a spawned child: `SPAWN_ARG name task mode args-json`, where mode is
/// `text` or `trace`, followed by `,daemon` for a daemon child.
pub(crate) fn child_args(name: &str, task: &str, daemon: bool, args_json: &str) -> Vec<OsString> {
    let mode = match (emit::mode(), daemon) {
        (Mode::Text, false) => "text",
        (Mode::Trace, false) => "trace",
        (Mode::Text, true) => "text,daemon",
        (Mode::Trace, true) => "trace,daemon",
    };
    [SPAWN_ARG, name, task, mode, args_json]
        .iter()
        .map(OsString::from)
        .collect()
}

static DISPATCHED: AtomicBool = AtomicBool::new(false);

/// Whether this is a spawned child whose `main` has not reached [`dispatch`] yet: Python's
/// "bootstrapping phase", in which starting a process is refused (a child that started
/// children before knowing its task would start them again in every spawned generation).
pub(crate) fn bootstrapping() -> bool {
    static SPAWNED: OnceLock<bool> = OnceLock::new();
    *SPAWNED.get_or_init(|| std::env::args_os().nth(1).is_some_and(|a| a == SPAWN_ARG))
        && !DISPATCHED.load(Ordering::Relaxed)
}

/// If this process was started as a spawned child, runs the task it names and exits (never
/// returns). Otherwise returns at once, and `main` goes on to parse its own flags.
///
/// A task name not in `registry` makes the child print, on stderr, the message Python would
/// (`can't find task 'x' in this binary`), emit an `error` event, and exit with code 1.
pub fn dispatch(registry: &Registry) {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) != Some(SPAWN_ARG) {
        return;
    }
    let code = match &args[2..] {
        [name, task, mode, json] => run_spawned(registry, name, task, mode, json),
        _ => {
            child::write_stderr(&format!(
                "{SPAWN_ARG} expects: NAME TASK text|trace ARGS_JSON; got {:?}\n",
                &args[2..]
            ));
            2
        }
    };
    std::process::exit(code);
}

fn run_spawned(registry: &Registry, name: &str, task: &str, mode: &str, json: &str) -> i32 {
    let (mode, daemon) = mode.split_once(',').unwrap_or((mode, ""));
    emit::set_mode(if mode == "trace" {
        Mode::Trace
    } else {
        Mode::Text
    });
    if daemon == "daemon" {
        child::set_daemon();
    }
    // A spawned child reports the method that started it (Python's bootstrap forces it).
    crate::context::force_start_method(crate::StartMethod::Spawn);
    DISPATCHED.store(true, Ordering::Relaxed);
    let Some(found) = registry.iter().find(|t| t.name() == task) else {
        let known: Vec<&str> = registry.iter().map(|t| t.name()).collect();
        let msg = format!("can't find task '{task}' in this binary");
        child::write_stderr(&format!(
            "Process {name}:\nTraceback (most recent call last):\n  in multiprocessing::spawn::dispatch\n\
             AttributeError: {msg} (registered: {})\n",
            known.join(", ")
        ));
        Actor::new(name).emit(crate::kinds::ERROR, msg);
        return 1;
    };
    child::set_panic_hook(name.to_owned());
    let mut result = Ok(());
    let code = child::run_task(|| result = found.run_json(json));
    match result {
        Err(e) => {
            child::write_stderr(&format!(
                "Process {name}:\nUnpicklingError: bad arguments for task '{task}': {e}\n"
            ));
            1
        }
        Ok(()) => code,
    }
}
