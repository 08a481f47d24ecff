//! Python's `threading.excepthook` and `sys.exit()` in a thread, on Rust's panic hook.
//!
//! Python: an exception that escapes a thread's `run()` is handed to `threading.excepthook`,
//! which prints `Exception in thread NAME:` and a traceback on stderr; `t.join()` then returns
//! normally, and nobody learns about it but the reader of stderr. Rust: a thread started with
//! [`spawn`](crate::spawn) or [`spawn_scoped`](crate::spawn_scoped) hands its uncaught panic
//! to the hook once it has unwound (see `bootstrap.rs`), and `join()` returns `Err` with the
//! panic inside: a stated difference, which the caller must handle.
//!
//! `sys.exit()` in a Python thread raises `SystemExit`, which ends only that thread and which
//! the excepthook ignores. `std::process::exit` in a Rust thread ends the whole process; to end
//! only the thread, return from it, or call [`exit_thread`], which unwinds with a
//! [`SystemExit`] payload without calling the hook (so nothing is printed, as in Python).

use std::io::Write;
use std::panic::PanicHookInfo;
use std::sync::{Arc, PoisonError, RwLock};
use std::thread;

use crate::bootstrap;

/// What the hook is told about an uncaught panic: Python's `ExceptHookArgs` (`exc_value`,
/// `thread`; the traceback is one frame: where the panic happened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptHookArgs {
    /// The panicking thread's name (Python: `args.thread.name`), `<unnamed>` if it has none.
    pub thread: String,
    /// The panic's message (Python: `str(args.exc_value)`).
    pub message: String,
    /// Where it panicked, `file:line:column` (Python: the traceback's last frame).
    pub location: Option<String>,
}

impl ExceptHookArgs {
    /// The arguments for the panic `info` is about, on the current thread.
    pub fn from_panic(info: &PanicHookInfo<'_>) -> Self {
        ExceptHookArgs {
            thread: thread::current().name().unwrap_or("<unnamed>").to_owned(),
            message: panic_message(info.payload()),
            location: info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())),
        }
    }
}

pub use interleaving::panic_message;

/// What Python's default `threading.excepthook` prints, shaped for a panic:
///
/// ```
/// let args = threading::ExceptHookArgs {
///     thread: "worker".into(),
///     message: "bug".into(),
///     location: Some("src/main.rs:3:5".into()),
/// };
/// assert_eq!(
///     threading::format_exception(&args),
///     "Exception in thread worker:\nTraceback (most recent call last):\n  \
///      File \"src/main.rs:3:5\"\npanic: bug\n"
/// );
/// ```
pub fn format_exception(args: &ExceptHookArgs) -> String {
    format!("Exception in thread {}:\n{}", args.thread, traceback(args))
}

/// The traceback part of [`format_exception`]: one frame, where it panicked, then the panic.
pub(crate) fn traceback(args: &ExceptHookArgs) -> String {
    let mut out = String::from("Traceback (most recent call last):\n");
    if let Some(at) = &args.location {
        out.push_str(&format!("  File \"{at}\"\n"));
    }
    out.push_str(&format!("panic: {}\n", args.message));
    out
}

type Hook = Arc<dyn Fn(&ExceptHookArgs) + Send + Sync>;

/// The current excepthook (Python's `threading.excepthook`), if one was set.
static HOOK: RwLock<Option<Hook>> = RwLock::new(None);

/// The hook [`set_excepthook`] set last.
pub(crate) fn current() -> Option<Hook> {
    HOOK.read().unwrap_or_else(PoisonError::into_inner).clone()
}

/// Python's `threading.excepthook = hook`, process-wide: from now on an uncaught panic in a
/// thread started with [`spawn`](crate::spawn) or [`spawn_scoped`](crate::spawn_scoped) is
/// handed to `hook` in that thread, after it unwound. Nothing else is: a panic the thread
/// catches itself, a panic on the main thread or on a plain `std::thread` thread (those go to
/// the panic hook that was installed before, Rust's default unless you set another). A hook
/// that panics is reported as `Exception in threading.excepthook:` and the program goes on.
///
/// It puts a panic hook in front of the current one, which records a bootstrapped thread's
/// panic instead of printing it; a panic hook set after it with `std::panic::set_hook`
/// replaces that, and such panics are then printed by it as well as handed to `hook`.
pub fn set_excepthook(hook: impl Fn(&ExceptHookArgs) + Send + Sync + 'static) {
    *HOOK.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(hook));
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !bootstrap::record(info) {
            previous(info);
        }
    }));
}

/// Installs Python's default `threading.excepthook`: [`format_exception`] on stderr, one
/// write (an unwritable stderr is ignored, as Python's hook does when `sys.stderr` is None).
pub fn install_excepthook() {
    set_excepthook(|args| {
        let _ = std::io::stderr().write_all(format_exception(args).as_bytes());
    });
}

/// The payload of [`exit_thread`]: Python's `SystemExit(code)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemExit(pub i32);

/// Ends the calling thread only, like `sys.exit(code)` in a Python thread: unwinds (running
/// destructors, releasing guards) without calling the panic hook, so nothing is printed. In a
/// thread from [`spawn`](crate::spawn) or [`spawn_scoped`](crate::spawn_scoped), the thread's
/// value is `Err(SystemExit(code))`; in a plain std thread, `join()` returns `Err` holding a
/// [`SystemExit`], and in a plain `s.spawn` of `thread::scope` the scope then panics in the
/// parent ("a scoped thread panicked"), as for any panic there. Called on the main thread it
/// ends the process like an uncaught panic would, with exit code 101, not `code`.
///
/// ```
/// let t = std::thread::spawn(|| -> u32 { threading::exit_thread(3) });
/// let payload = t.join().unwrap_err();
/// assert_eq!(payload.downcast_ref(), Some(&threading::SystemExit(3)));
/// ```
pub fn exit_thread(code: i32) -> ! {
    std::panic::resume_unwind(Box::new(SystemExit(code)))
}
