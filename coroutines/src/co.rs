//! [`Co`]: the body's side of a generator: `yield`, and `yield from` (PEP 380).

use corosensei::Yielder;

use crate::error::{Exception, GenError};
use crate::generator::{Generator, Input};
use crate::state::Shared;

/// The body's handle on its generator: how it yields, and delegates with `yield from`.
pub struct Co<'a, Y, S> {
    pub(crate) yielder: &'a Yielder<Input<S>, Y>,
    pub(crate) shared: &'a Shared,
}

impl<'a, Y, S> Co<'a, Y, S> {
    /// Python's `x = yield value`: hands `value` to the caller and waits. Comes back with
    /// `Ok(Some(v))` for `send(v)`, `Ok(None)` for `next(g)`, or `Err(e)` when the caller
    /// threw `e` or closed the generator (`Err(Exception::GeneratorExit)`). Use `?` to let
    /// the exception propagate, or `match` to catch it (`try`/`except`).
    #[inline]
    pub fn yield_(&self, value: Y) -> Result<Option<S>, Exception> {
        match self.yielder.suspend(value) {
            Input::Value(v) => Ok(v),
            Input::Throw => Err(self.take_thrown()),
        }
    }

    #[cold]
    fn take_thrown(&self) -> Exception {
        self.shared
            .thrown
            .take()
            .expect("a throw leaves its exception in the shared slot")
    }

    /// Python's `result = yield from inner` (PEP 380): runs `inner` to its end, passing its
    /// yields out to our caller and our caller's sends, throws and close in to it; returns
    /// `Some` of what `inner` returned.
    ///
    /// On `close()`, `inner` is closed first and then `GeneratorExit` is raised here. If
    /// `inner` raises, the exception is raised here. If `inner` had already finished, its
    /// return value was delivered once already, so, as in Python (where the finished
    /// generator raises a bare `StopIteration` at once and `result` is bound to `None`), this
    /// returns `Ok(None)` without yielding.
    ///
    /// ```
    /// use coroutines::Generator;
    /// let mut outer: Generator<u32, (), u32> = Generator::new("outer", |co| {
    ///     let inner = Generator::new("inner", |co| { co.yield_(1)?; co.yield_(2)?; Ok(10) });
    ///     let got = co.yield_from(inner)?;     // yields 1, then 2; got == Some(10)
    ///     co.yield_(3)?;
    ///     Ok(got.unwrap_or(0) + 1)
    /// });
    /// assert_eq!(outer.advance(), Ok(1));
    /// assert_eq!(outer.advance(), Ok(2));
    /// assert_eq!(outer.advance(), Ok(3));
    /// assert_eq!(outer.advance(), Err(coroutines::GenError::StopIteration(Some(11))));
    /// ```
    pub fn yield_from<R2>(&self, mut inner: Generator<Y, S, R2>) -> Result<Option<R2>, Exception> {
        let mut step = inner.advance();
        loop {
            let value = match step {
                Ok(value) => value,
                // `None` is a finished generator's bare StopIteration: Python binds None.
                Err(GenError::StopIteration(r)) => return Ok(r),
                Err(e) => return Err(e.into_exception()),
            };
            step = match self.yield_(value) {
                Ok(v) => inner.resume(v),
                Err(e) if e.is("GeneratorExit") => {
                    inner.close().map_err(GenError::into_exception)?;
                    return Err(e);
                }
                Err(e) => inner.throw(e),
            };
        }
    }

    /// Python's `yield from iterable` for a plain iterator: yields each item in turn. Stops
    /// early on `throw`/`close`, raising the exception here (an iterator has no `throw` or
    /// `close` to pass it to).
    ///
    /// PEP 380 passes a `send(v)` with `v` not `None` to the iterator's `send` method, and a
    /// plain iterator has none: Python raises `AttributeError` in the delegating generator,
    /// and so does this, without taking another item. `next(g)` (`advance`) takes the next one.
    ///
    /// ```
    /// use coroutines::{GenError, Generator};
    /// let mut g: Generator<u32, u32> = Generator::new("g", |co| co.yield_all(0..3));
    /// assert_eq!(g.advance(), Ok(0));
    /// assert_eq!(g.advance(), Ok(1));
    /// let Err(GenError::Raised(e)) = g.send(42) else { panic!("send must raise") };
    /// assert!(e.is("AttributeError"));
    /// ```
    pub fn yield_all(&self, items: impl IntoIterator<Item = Y>) -> Result<(), Exception> {
        for item in items {
            if self.yield_(item)?.is_some() {
                return Err(Exception::new(
                    "AttributeError",
                    "'iterator' object has no attribute 'send'",
                ));
            }
        }
        Ok(())
    }
}
