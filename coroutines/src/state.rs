//! A generator's state (Python's `inspect.getgeneratorstate`), and what a generator shares
//! with its body: the state, and an exception on its way in.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use crate::error::Exception;

/// A generator's state, as Python's `inspect.getgeneratorstate` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Created, its body not started yet (`GEN_CREATED`): nothing ran.
    Created,
    /// Its body is running right now (`GEN_RUNNING`): seen only from inside, by a [`Watcher`].
    Running,
    /// Paused at a `yield`, waiting for `send`, `throw` or `close` (`GEN_SUSPENDED`).
    Suspended,
    /// Finished: returned, raised, panicked or closed (`GEN_CLOSED`).
    Closed,
}

impl State {
    /// Python's name for it: `GEN_CREATED`, `GEN_RUNNING`, `GEN_SUSPENDED`, `GEN_CLOSED`.
    pub fn python_name(self) -> &'static str {
        match self {
            State::Created => "GEN_CREATED",
            State::Running => "GEN_RUNNING",
            State::Suspended => "GEN_SUSPENDED",
            State::Closed => "GEN_CLOSED",
        }
    }
}

/// What the generator and its body (and any [`Watcher`]) share.
pub(crate) struct Shared {
    /// The state now.
    pub(crate) state: Cell<State>,
    /// The exception `throw`/`close` raises at the `yield`, until the body takes it. Kept out
    /// of the stack switch itself, so that a `send` does not copy an exception's room.
    pub(crate) thrown: Cell<Option<Exception>>,
}

impl Shared {
    pub(crate) fn new() -> Rc<Self> {
        Rc::new(Shared {
            state: Cell::new(State::Created),
            thrown: Cell::new(None),
        })
    }
}

/// Reads a generator's state from anywhere, even from inside its own running body, where the
/// generator itself is out of reach (Python's `inspect.getgeneratorstate(g)`).
#[derive(Debug, Clone)]
pub struct Watcher(pub(crate) Rc<Shared>);

impl Watcher {
    /// The watched generator's state now.
    pub fn state(&self) -> State {
        self.0.state.get()
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.state.get())
    }
}
