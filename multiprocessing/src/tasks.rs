//! The tasks this crate's binary registers for `Spawn`: the only functions a spawned child
//! can find by name (Python: the functions importable from the child's `__main__`).

use serde::{Deserialize, Serialize};

use crate::spawn::{Registry, Task};

/// Arguments of [`SHOW_SQUARE`].
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct SquareArgs {
    /// The number to square.
    pub n: u64,
    /// How long to work first, in milliseconds.
    pub work_ms: u64,
}

/// The notebook's `showSquare`, registered: spawned children can run it.
pub static SHOW_SQUARE: Task<SquareArgs> =
    Task::new("show_square", |a| crate::show_square(a.n, a.work_ms));

/// The same function, *not* registered: the notebook's `showSquare` defined in an interactive
/// session, which a spawned child cannot import. Starting it under `Spawn` fails in the child.
pub static SHOW_SQUARE_UNREGISTERED: Task<SquareArgs> = Task::new("notebook::showSquare", |a| {
    crate::show_square(a.n, a.work_ms)
});

/// Ends the child with `std::process::exit(code)` (for exit-code tests).
pub static EXIT_WITH: Task<i32> = Task::new("exit_with", |code| std::process::exit(code));

/// Panics with the message (for exit-code tests: the child's exit code is 1).
pub static PANIC_WITH: Task<String> = Task::new("panic_with", |msg| panic!("{msg}"));

/// Sleeps that many milliseconds (for terminate, kill and timeout tests).
pub static SLEEP_MS: Task<u64> = Task::new("sleep_ms", |ms| {
    std::thread::sleep(std::time::Duration::from_millis(ms))
});

/// Tries to start a child of its own: exits 0 if it could, 3 if refused as a daemon (Python:
/// "daemonic processes are not allowed to have children"), 4 for any other error. For the
/// daemon rules under spawn.
pub static TRY_START_CHILD: Task<()> = Task::new("try_start_child", |()| {
    let code = match crate::Process::new("grandchild", || {}).start() {
        Ok(()) => 0,
        Err(crate::ProcessError::DaemonicChildren) => 3,
        Err(_) => 4,
    };
    std::process::exit(code);
});

/// Exits with the code [`start_method_code`] gives `get_start_method()` in the child (for
/// `TestStartMethod.test_context`: a child reports the method of the context that started it).
pub static EXIT_WITH_START_METHOD: Task<()> = Task::new("exit_with_start_method", |()| {
    std::process::exit(start_method_code(crate::get_start_method()))
});

/// The exit code [`EXIT_WITH_START_METHOD`] uses for `method`: 10 for fork, 11 for spawn.
pub fn start_method_code(method: crate::StartMethod) -> i32 {
    match method {
        crate::StartMethod::Fork => 10,
        crate::StartMethod::Spawn => 11,
    }
}

/// Every task the binary registers; `main` passes it to [`crate::dispatch`].
pub static REGISTRY: &Registry = &[
    &SHOW_SQUARE,
    &EXIT_WITH,
    &PANIC_WITH,
    &SLEEP_MS,
    &TRY_START_CHILD,
    &EXIT_WITH_START_METHOD,
];
