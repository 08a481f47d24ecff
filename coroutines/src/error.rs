//! The errors of a generator, named after Python's: what the body sees raised at its `yield`
//! ([`Exception`]), and what the caller of `send`/`throw`/`close` gets back ([`GenError`]).

use std::borrow::Cow;

/// An exception as the generator's body sees it: raised at its suspended `yield` by
/// [`Generator::close`](crate::Generator::close) (`GeneratorExit`) or by
/// [`Generator::throw`](crate::Generator::throw), or raised by the body itself.
///
/// Python has one open hierarchy of exception classes; a lesson needs only their names, so an
/// exception here is `GeneratorExit` or a kind (`"ValueError"`) with a message.
///
/// ```
/// use coroutines::Exception;
/// let e = Exception::new("ValueError", "bad value");
/// assert_eq!(e.to_string(), "ValueError: bad value");
/// assert!(e.is("ValueError") && !e.is("KeyError"));
/// assert_eq!(Exception::GeneratorExit.kind(), "GeneratorExit");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Exception {
    /// Raised at the `yield` by `close()` (and by dropping a suspended generator): "stop now,
    /// clean up". A body may catch it to clean up, then must return (not yield again).
    #[error("GeneratorExit")]
    GeneratorExit,
    /// Any other exception: its kind (Python's class name) and message.
    #[error("{kind}: {message}")]
    Error {
        /// The exception's kind, as Python names its class: `ValueError`, `KeyError`...
        kind: Cow<'static, str>,
        /// What went wrong.
        message: String,
    },
}

impl Exception {
    /// An exception of the given kind: `Exception::new("ValueError", "bad value")`.
    pub fn new(kind: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Exception::Error {
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// The kind, as Python would name its class.
    pub fn kind(&self) -> &str {
        match self {
            Exception::GeneratorExit => "GeneratorExit",
            Exception::Error { kind, .. } => kind,
        }
    }

    /// Whether this exception is of that kind (Python's `except ValueError:`).
    pub fn is(&self, kind: &str) -> bool {
        self.kind() == kind
    }
}

/// What a call on a [`Generator`](crate::Generator) can fail with. `R` is the generator's
/// return type, carried by [`GenError::StopIteration`].
///
/// ```
/// use coroutines::GenError;
/// let e: GenError<()> = GenError::JustStarted;
/// assert_eq!(e.to_string(), "TypeError: can't send non-None value to a just-started generator");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenError<R> {
    /// The generator is finished. The first time, this carries the body's return value
    /// (Python's `StopIteration.value`); every later call gets `StopIteration(None)`, as in
    /// Python, where the value is delivered once.
    #[error("StopIteration")]
    StopIteration(Option<R>),
    /// `send(v)` on a generator that never ran: there is no `yield` waiting for `v`. The
    /// generator is left unstarted; prime it with `advance()` (Python's `next(g)`).
    #[error("TypeError: can't send non-None value to a just-started generator")]
    JustStarted,
    /// `close()` raised `GeneratorExit` at the `yield`, and the body yielded again instead of
    /// finishing. The generator stays suspended, as in Python.
    #[error("RuntimeError: generator ignored GeneratorExit")]
    IgnoredGeneratorExit,
    /// An exception escaped the body (raised by it, or thrown in and not caught). The
    /// generator is finished.
    #[error(transparent)]
    Raised(#[from] Exception),
}

impl<R> GenError<R> {
    /// The error as the exception Python would raise for it (used by `yield from`, which
    /// re-raises in the outer generator what the inner one raised).
    pub fn into_exception(self) -> Exception {
        match self {
            GenError::StopIteration(_) => Exception::new("StopIteration", ""),
            GenError::JustStarted => Exception::new(
                "TypeError",
                "can't send non-None value to a just-started generator",
            ),
            GenError::IgnoredGeneratorExit => {
                Exception::new("RuntimeError", "generator ignored GeneratorExit")
            }
            GenError::Raised(e) => e,
        }
    }

    /// Whether this is `StopIteration` (the generator is finished, normally).
    pub fn is_stop(&self) -> bool {
        matches!(self, GenError::StopIteration(_))
    }
}
