//! [`Traced`]: a generator whose every switch is a trace event, for the lesson's cells.
//!
//! The caller's actor (`main`) records what it asks (`send`, `throw`, `close`), the
//! generator's actor (its name) records how the body answered (`yield`, `return`, `raise`),
//! and the body prints through that same actor. So the trace reads like the notebook's
//! session, in the order things happened: with one thread, exactly one order is possible.

use std::borrow::Cow;
use std::rc::Rc;

use interleaving::Actor;

use crate::co::Co;
use crate::error::{Exception, GenError};
use crate::generator::Generator;
use crate::kinds;
use crate::repr::Repr;
use crate::state::State;

/// A [`Generator`] that narrates itself through two [`Actor`]s.
///
/// ```
/// use std::rc::Rc;
/// use coroutines::Traced;
/// use interleaving::Actor;
///
/// let main = Rc::new(Actor::new("main"));
/// let mut g: Traced<u32> = Traced::new(&main, "func2", |co, _me| { co.yield_(5)?; Ok(()) });
/// assert_eq!(g.advance(), Ok(5));   // trace: main send None; func2 yield 5
/// assert!(g.advance().is_err());    // trace: main send None; func2 return None
/// ```
pub struct Traced<Y, S = (), R = ()> {
    generator: Generator<Y, S, R>,
    caller: Rc<Actor>,
    me: Rc<Actor>,
}

impl<Y, S, R> Traced<Y, S, R>
where
    Y: Repr + 'static,
    S: Repr + 'static,
    R: Repr + 'static,
{
    /// A generator named `name`, driven by `caller`. The body gets the generator's own actor
    /// to print through.
    pub fn new<F>(caller: &Rc<Actor>, name: impl Into<Cow<'static, str>>, body: F) -> Self
    where
        F: FnOnce(&Co<'_, Y, S>, &Rc<Actor>) -> Result<R, Exception> + 'static,
    {
        let name = name.into();
        let me = Rc::new(Actor::new(name.as_ref()));
        Self::with_actor(caller, me, body)
    }

    /// The same, with the generator's actor made beforehand (named as the generator), for a
    /// generator whose actor must exist before it does: a pipeline stage's downstream stage
    /// is driven by the upstream stage's actor.
    pub fn with_actor<F>(caller: &Rc<Actor>, me: Rc<Actor>, body: F) -> Self
    where
        F: FnOnce(&Co<'_, Y, S>, &Rc<Actor>) -> Result<R, Exception> + 'static,
    {
        let inside = Rc::clone(&me);
        Traced {
            generator: Generator::new(me.name().to_owned(), move |co| body(co, &inside)),
            caller: Rc::clone(caller),
            me,
        }
    }

    /// The actor that drives this generator.
    pub fn caller(&self) -> &Rc<Actor> {
        &self.caller
    }

    /// The generator's own actor (named after it).
    pub fn actor(&self) -> &Rc<Actor> {
        &self.me
    }

    /// The generator underneath.
    pub fn generator(&self) -> &Generator<Y, S, R> {
        &self.generator
    }

    /// The generator's state.
    pub fn state(&self) -> State {
        self.generator.state()
    }

    /// [`Generator::advance`] (Python's `next(g)`), traced as `send None`.
    pub fn advance(&mut self) -> Result<Y, GenError<R>> {
        self.caller.emit(kinds::SEND, "None");
        let outcome = self.generator.advance();
        self.record(&outcome);
        outcome
    }

    /// [`Generator::send`], traced as `send` with the value's repr.
    pub fn send(&mut self, value: S) -> Result<Y, GenError<R>> {
        self.caller.emit(kinds::SEND, value.repr());
        let outcome = self.generator.send(value);
        self.record(&outcome);
        outcome
    }

    /// [`Generator::throw`], traced as `throw` with the exception's repr.
    pub fn throw(&mut self, exception: Exception) -> Result<Y, GenError<R>> {
        self.caller.emit(kinds::THROW, exception.repr());
        let outcome = self.generator.throw(exception);
        self.record(&outcome);
        outcome
    }

    /// [`Generator::close`], traced as `close`; a body that finishes records `return`.
    pub fn close(&mut self) -> Result<Option<R>, GenError<R>> {
        let was = self.generator.state();
        self.caller.emit(kinds::CLOSE, "");
        let outcome = self.generator.close();
        match &outcome {
            Ok(r) if was == State::Suspended => self.me.emit(kinds::RETURN, r.repr()),
            Ok(_) => {}
            Err(e) => self.record_error(e),
        }
        outcome
    }

    fn record(&self, outcome: &Result<Y, GenError<R>>) {
        match outcome {
            Ok(y) => self.me.emit(kinds::YIELD, y.repr()),
            Err(e) => self.record_error(e),
        }
    }

    fn record_error(&self, e: &GenError<R>) {
        match e {
            GenError::StopIteration(Some(r)) => self.me.emit(kinds::RETURN, r.repr()),
            GenError::Raised(e) => self.me.emit(kinds::RAISE, e.repr()),
            // Not the body's doing: the call itself was refused.
            other => self.caller.emit(kinds::ERROR, other.to_string()),
        }
    }
}
