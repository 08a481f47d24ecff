//! Python's thread bootstrap: [`spawn`] and [`spawn_scoped`] start a named thread whose body
//! runs as CPython's `Thread._bootstrap_inner` runs `run()`.
//!
//! CPython calls `threading.excepthook` from the thread, after `run()` raised, where the
//! exception was caught: not while it is being raised. So an exception the thread catches
//! itself is never reported, one in the main thread goes to `sys.excepthook` instead, and a
//! hook that itself raises is reported as "Exception in threading.excepthook:" while the
//! program goes on. Rust's panic hook runs while the panic is being raised, and std aborts the
//! process on a panic inside it; so here the panic hook only records what panicked and where,
//! and the user's hook runs here, once the body's unwinding has been caught.
//!
//! A thread started with plain `std::thread::spawn` is not bootstrapped: its panic goes to the
//! panic hook that was there before [`set_excepthook`](crate::set_excepthook) (Rust's default
//! prints `thread 'NAME' panicked at`), as Python's `_thread.start_new_thread` bypasses
//! `threading.excepthook`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::thread::{self, JoinHandle, Scope, ScopedJoinHandle};

use crate::excepthook::{self, ExceptHookArgs, SystemExit, panic_message};

thread_local! {
    /// Whether this thread's body runs under [`bootstrap`].
    static BOOTSTRAPPED: Cell<bool> = const { Cell::new(false) };
    /// The last panic raised on this thread, recorded by the panic hook.
    static LAST_PANIC: RefCell<Option<ExceptHookArgs>> = const { RefCell::new(None) };
}

/// Python's `threading.Thread(target=body, name=name).start()`: a named thread whose uncaught
/// panic is handed to the excepthook after it unwound (see the module docs). The thread's
/// value is `Ok` of what `body` returned, or `Err(SystemExit)` if it called
/// [`exit_thread`](crate::exit_thread): that ends only this thread, as `sys.exit()` does in a
/// Python thread. A panic still reaches `join()` as `Err` (the stated difference: Python's
/// `join()` returns `None`).
///
/// ```
/// let t = threading::spawn("worker", || threading::exit_thread(3)).unwrap();
/// assert_eq!(t.join().unwrap(), Err::<(), _>(threading::SystemExit(3)));
/// ```
pub fn spawn<T, F>(
    name: impl Into<String>,
    body: F,
) -> std::io::Result<JoinHandle<Result<T, SystemExit>>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    thread::Builder::new()
        .name(name.into())
        .spawn(move || bootstrap(body))
}

/// [`spawn`] inside `std::thread::scope`: the body may borrow from the caller. Unlike a plain
/// `s.spawn`, whose [`exit_thread`](crate::exit_thread) makes the scope panic in the parent
/// once it has joined ("a scoped thread panicked"), here `exit_thread` ends only this thread.
///
/// ```
/// let total = std::thread::scope(|s| {
///     let quits = threading::spawn_scoped(s, "quits", || threading::exit_thread(1)).unwrap();
///     let adds = threading::spawn_scoped(s, "adds", || 2 + 2).unwrap();
///     assert!(quits.join().unwrap().is_err());
///     adds.join().unwrap().unwrap()
/// });
/// assert_eq!(total, 4);
/// ```
pub fn spawn_scoped<'scope, 'env, T, F>(
    scope: &'scope Scope<'scope, 'env>,
    name: impl Into<String>,
    body: F,
) -> std::io::Result<ScopedJoinHandle<'scope, Result<T, SystemExit>>>
where
    F: FnOnce() -> T + Send + 'scope,
    T: Send + 'scope,
{
    thread::Builder::new()
        .name(name.into())
        .spawn_scoped(scope, move || bootstrap(body))
}

/// Runs `body` as CPython's `_bootstrap_inner` runs `run()`.
fn bootstrap<T>(body: impl FnOnce() -> T) -> Result<T, SystemExit> {
    BOOTSTRAPPED.set(true);
    let payload = match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => return Ok(value),
        Err(payload) => payload,
    };
    if let Some(exit) = payload.downcast_ref::<SystemExit>() {
        return Err(*exit);
    }
    report(&*payload);
    panic::resume_unwind(payload)
}

/// Hands the uncaught panic to the excepthook; a hook that panics is reported, not fatal.
fn report(payload: &(dyn Any + Send)) {
    let Some(hook) = excepthook::current() else {
        return; // no excepthook set: the panic hook (Rust's own) printed it already
    };
    let args = last_panic_matching(payload);
    if let Err(failure) = panic::catch_unwind(AssertUnwindSafe(|| hook(&args))) {
        let failed = last_panic_matching(&*failure);
        let mut text = String::from("Exception in threading.excepthook:\n");
        text.push_str(excepthook::traceback(&failed).as_str());
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

/// What the panic hook recorded for the panic whose payload this is; without a record (a
/// `resume_unwind`, which calls no hook), the message alone.
fn last_panic_matching(payload: &(dyn Any + Send)) -> ExceptHookArgs {
    let message = panic_message(payload);
    match LAST_PANIC.take() {
        Some(args) if args.message == message => args,
        _ => ExceptHookArgs {
            thread: thread::current().name().unwrap_or("<unnamed>").to_owned(),
            message,
            location: None,
        },
    }
}

/// Called by the panic hook [`set_excepthook`](crate::set_excepthook) installs: on a
/// bootstrapped thread, records the panic for [`report`] and returns true (nothing printed
/// now); elsewhere returns false, and the previous hook handles it.
pub(crate) fn record(info: &PanicHookInfo<'_>) -> bool {
    if !BOOTSTRAPPED.get() {
        return false;
    }
    LAST_PANIC.set(Some(ExceptHookArgs::from_panic(info)));
    true
}
