//! [`Generator`]: a Python generator (PEP 342) on a stackful coroutine.
//!
//! The body is an ordinary Rust closure running on its own stack; [`Co::yield_`] switches
//! back to the caller, and the caller's `send`/`throw`/`close` switch into the body again.
//! Everything happens on one thread, one side at a time: like Python's generators, this is
//! cooperative multitasking, not parallelism.

use std::borrow::Cow;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult};

use crate::co::Co;
use crate::error::{Exception, GenError};
use crate::stack::{self, Stack};
use crate::state::{Shared, State, Watcher};

/// What the caller passes into the body at its `yield`.
pub(crate) enum Input<S> {
    /// `send(v)` is `Value(Some(v))`; `next(g)` is `Value(None)`.
    Value(Option<S>),
    /// `throw(e)`, and `close()` as a throw of `GeneratorExit`. The exception itself waits in
    /// [`Shared::thrown`].
    Throw,
}

type Body<Y, S, R> = Coroutine<Input<S>, Y, Result<R, Exception>, DefaultStack>;

/// A Python generator: `Y` is what it yields, `S` what it is sent, `R` what it returns, in the
/// order of Python's `typing.Generator[Y, S, R]`.
///
/// Python writes a generator as a function containing `yield`; here the body is a closure that
/// gets a [`Co`] handle and calls [`Co::yield_`] (`yield` is a reserved word in Rust). The body
/// returns `Ok(r)` to finish (Python's `return r`) or `Err(e)` to raise `e`.
///
/// The notebook's `fancy_name`, with its `try: ... except GeneratorExit: print("Done")`:
///
/// ```
/// use coroutines::{Exception, GenError, Generator, State};
///
/// let mut co: Generator<(), String> = Generator::new("fancy_name", |co| {
///     loop {
///         match co.yield_(()) {                       // name = (yield)
///             Ok(Some(name)) => println!("Cool:{name}"),
///             Ok(None) => println!("Cool:None"),      // next(co): Python would fail here
///             Err(Exception::GeneratorExit) => {      // except GeneratorExit:
///                 println!("Done");
///                 return Ok(());
///             }
///             Err(e) => return Err(e),                // anything else propagates
///         }
///     }
/// });
/// assert_eq!(co.state(), State::Created);             // nothing ran yet: it is lazy
/// assert_eq!(co.send("x".into()), Err(GenError::JustStarted)); // forgot next(co)
/// co.advance()?;                                       // next(co): run to the first yield
/// co.send("Utkarsh".into())?;                          // prints Cool:Utkarsh
/// co.send("Gupta".into())?;                            // prints Cool:Gupta
/// co.close()?;                                         // prints Done
/// assert_eq!(co.state(), State::Closed);
/// assert_eq!(co.send("late".into()), Err(GenError::StopIteration(None)));
/// # Ok::<(), GenError<()>>(())
/// ```
///
/// Dropping a suspended generator closes it first, like Python's finalizer, so its clean-up
/// code runs. A generator is not `Send`: its stack may hold anything, such as an `Rc`.
///
/// ```compile_fail
/// // Python lets any thread resume a generator (under the GIL). Rust refuses to move one:
/// // the values living on its stack might not be safe to use from another thread.
/// let g: coroutines::Generator<u32> = coroutines::Generator::new("g", |co| { co.yield_(1)?; Ok(()) });
/// std::thread::spawn(move || drop(g));
/// ```
///
/// ```compile_fail
/// // Python: co.send(42) into fancy_name fails at run time ("Cool:" + 42 is a TypeError).
/// // Rust: the send type is part of the generator's type, so this does not compile.
/// let mut co: coroutines::Generator<(), String> =
///     coroutines::Generator::new("fancy_name", |co| { co.yield_(())?; Ok(()) });
/// co.advance().unwrap();
/// co.send(42);
/// ```
pub struct Generator<Y, S = (), R = ()> {
    name: Cow<'static, str>,
    shared: Rc<Shared>,
    body: Option<Body<Y, S, R>>,
    stack: Stack,
}

impl<Y: 'static, S: 'static, R: 'static> Generator<Y, S, R> {
    /// A generator named `name` (shown by `Debug`, like Python's `func.__name__`) whose body
    /// runs on a pooled stack ([`Stack::Pooled`]). Nothing runs until the first
    /// [`advance`](Self::advance).
    ///
    /// # Panics
    ///
    /// If the operating system cannot map a 64 KiB stack (Python's `MemoryError`); see
    /// [`with_stack`](Self::with_stack) for the fallible form.
    pub fn new<F>(name: impl Into<Cow<'static, str>>, body: F) -> Self
    where
        F: FnOnce(&Co<'_, Y, S>) -> Result<R, Exception> + 'static,
    {
        Self::with_stack(name, Stack::Pooled, body).expect("mapping a generator's stack")
    }

    /// A generator on the stack of your choice: [`Stack::Fresh`] for a body that needs more
    /// than [`DEFAULT_STACK_SIZE`](crate::DEFAULT_STACK_SIZE) bytes.
    pub fn with_stack<F>(
        name: impl Into<Cow<'static, str>>,
        stack: Stack,
        body: F,
    ) -> std::io::Result<Self>
    where
        F: FnOnce(&Co<'_, Y, S>) -> Result<R, Exception> + 'static,
    {
        let memory = stack::take(stack)?;
        let shared = Shared::new();
        let inside = Rc::clone(&shared);
        let coroutine = Coroutine::with_stack(memory, move |yielder, _first: Input<S>| {
            // The first resume is always `next(g)` (a send of None): nothing to deliver.
            body(&Co {
                yielder,
                shared: &inside,
            })
        });
        Ok(Generator {
            name: name.into(),
            shared,
            body: Some(coroutine),
            stack,
        })
    }
}

impl<Y, S, R> Generator<Y, S, R> {
    /// The name given at creation (Python's `g.__name__`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Created, Suspended or Closed (`inspect.getgeneratorstate(g)`); Running only through a
    /// [`Watcher`], since the generator is borrowed while its body runs.
    pub fn state(&self) -> State {
        self.shared.state.get()
    }

    /// A handle that reads this generator's state at any time.
    pub fn watcher(&self) -> Watcher {
        Watcher(Rc::clone(&self.shared))
    }

    /// Python's `next(g)`, which is `g.send(None)`: runs the body to its next `yield` and
    /// returns the value yielded. The first call starts the body ("priming").
    #[inline]
    pub fn advance(&mut self) -> Result<Y, GenError<R>> {
        self.resume(None)
    }

    /// Python's `g.send(v)`: `v` becomes the value of the suspended `yield` expression, and
    /// the body runs to its next `yield`, whose value is returned. On a generator that never
    /// ran this is [`GenError::JustStarted`] and the generator stays unstarted.
    #[inline]
    pub fn send(&mut self, value: S) -> Result<Y, GenError<R>> {
        self.resume(Some(value))
    }

    /// `send`, with `None` allowed: `resume(None)` is `next(g)`, `resume(Some(v))` is `send(v)`.
    #[inline]
    pub fn resume(&mut self, value: Option<S>) -> Result<Y, GenError<R>> {
        match (self.shared.state.get(), &value) {
            (State::Created, Some(_)) => return Err(GenError::JustStarted),
            (State::Closed, _) => return Err(GenError::StopIteration(None)),
            _ => {}
        }
        self.run(Input::Value(value))
    }

    /// Python's `g.throw(e)`: raises `e` at the suspended `yield`. If the body catches it and
    /// yields again, that value is returned; if not, `e` comes back as [`GenError::Raised`] and
    /// the generator is finished. On a generator that never ran, or one that is finished, `e`
    /// is raised right away (and an unstarted one is closed without running).
    pub fn throw(&mut self, exception: Exception) -> Result<Y, GenError<R>> {
        match self.shared.state.get() {
            State::Suspended => {
                self.shared.thrown.set(Some(exception));
                self.run(Input::Throw)
            }
            _ => {
                self.retire();
                Err(GenError::Raised(exception))
            }
        }
    }

    /// Python's `g.close()`: raises `GeneratorExit` at the suspended `yield` so the body can
    /// clean up. Returns what the body returned, if it returned a value (as Python 3.13 does),
    /// or `None` if it let `GeneratorExit` propagate. A no-op on a generator that is unstarted
    /// (it is closed without running) or finished.
    ///
    /// A body that lets any `GeneratorExit` escape, the one thrown in or one it raised by name
    /// (`Exception::new("GeneratorExit", ..)`), closed cleanly, as in Python. Fails with
    /// [`GenError::IgnoredGeneratorExit`] if the body yields again (the generator stays
    /// suspended), or with any other exception the body raised while cleaning up.
    pub fn close(&mut self) -> Result<Option<R>, GenError<R>> {
        if self.shared.state.get() != State::Suspended {
            self.retire();
            return Ok(None);
        }
        self.shared.thrown.set(Some(Exception::GeneratorExit));
        match self.run(Input::Throw) {
            Ok(_) => Err(GenError::IgnoredGeneratorExit),
            Err(GenError::StopIteration(r)) => Ok(r),
            Err(GenError::Raised(e)) if e.is("GeneratorExit") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Switches into the body with `input` and maps what comes back to Python's outcomes.
    #[inline]
    fn run(&mut self, input: Input<S>) -> Result<Y, GenError<R>> {
        let Some(body) = self.body.as_mut() else {
            self.shared.state.set(State::Closed);
            return Err(GenError::StopIteration(None));
        };
        self.shared.state.set(State::Running);
        // If the body panics, the panic goes on up through `resume` to our caller, and
        // corosensei marks the coroutine finished; this guard marks the generator Closed.
        let on_panic = ClosedOnUnwind(&self.shared.state);
        let outcome = body.resume(input);
        std::mem::forget(on_panic);
        match outcome {
            CoroutineResult::Yield(y) => {
                self.shared.state.set(State::Suspended);
                Ok(y)
            }
            CoroutineResult::Return(result) => {
                self.retire();
                match result {
                    Ok(r) => Err(GenError::StopIteration(Some(r))),
                    // PEP 479: a StopIteration escaping the body would look like a normal
                    // end to the caller, so Python turns it into a RuntimeError.
                    Err(e) if e.is("StopIteration") => Err(GenError::Raised(Exception::new(
                        "RuntimeError",
                        "generator raised StopIteration",
                    ))),
                    Err(e) => Err(GenError::Raised(e)),
                }
            }
        }
    }

    /// Marks the generator Closed and gives its stack back. An unstarted body is dropped
    /// without running; a suspended one is unwound (its destructors run) without resuming.
    fn retire(&mut self) {
        self.shared.state.set(State::Closed);
        // A throw the body never received (it was unwound instead) must not linger.
        drop(self.shared.thrown.take());
        let Some(mut body) = self.body.take() else {
            return;
        };
        if !body.done() {
            // A destructor on the body's stack might panic while unwinding; Python ignores
            // errors in a finalizer too. Either way corosensei leaves the coroutine done.
            let _ = panic::catch_unwind(AssertUnwindSafe(|| body.force_unwind()));
        }
        if body.done() {
            stack::give_back(body.into_stack(), self.stack);
        }
    }
}

struct ClosedOnUnwind<'a>(&'a std::cell::Cell<State>);

impl Drop for ClosedOnUnwind<'_> {
    fn drop(&mut self) {
        self.0.set(State::Closed);
    }
}

impl<Y, S, R> Drop for Generator<Y, S, R> {
    /// Python closes a generator when it is garbage-collected, so `finally` and
    /// `except GeneratorExit` blocks run. So do we, when the generator is dropped. An error
    /// from that clean-up cannot reach anyone (`drop` returns nothing), so, as Python's
    /// `sys.unraisablehook` does, it is written to stderr as `Exception ignored in: <generator
    /// object NAME (GEN_SUSPENDED)>` followed by the error, and dropping goes on. A panic in the
    /// clean-up is caught (std's panic hook has already printed it). A body that yields again
    /// is reported the same way and unwound by force, its destructors still run.
    fn drop(&mut self) {
        if self.shared.state.get() == State::Suspended {
            let repr = format!("{self:?}");
            if let Ok(Err(e)) = panic::catch_unwind(AssertUnwindSafe(|| self.close())) {
                eprintln!("{}", unraisable(&repr, &e));
            }
        }
        self.retire();
    }
}

/// What Python's default `sys.unraisablehook` prints for an error no caller can receive.
fn unraisable<R>(repr: &str, error: &GenError<R>) -> String {
    format!("Exception ignored in: {repr}\n{error}")
}

impl<Y, S, R> fmt::Debug for Generator<Y, S, R> {
    /// `<generator object func2 (GEN_CREATED)>`: Python's repr with the state instead of an
    /// address, so that traces are the same from run to run.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<generator object {} ({})>",
            self.name,
            self.shared.state.get().python_name()
        )
    }
}
