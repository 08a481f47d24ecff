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
    /// what `inner` returned.
    ///
    /// On `close()`, `inner` is closed first and then `GeneratorExit` is raised here. If
    /// `inner` raises, the exception is raised here. If `inner` had already finished (so its
    /// return value is gone), this raises `RuntimeError`, where Python would give `None`.
    ///
    /// ```
    /// use coroutines::Generator;
    /// let mut outer: Generator<u32, (), u32> = Generator::new("outer", |co| {
    ///     let inner = Generator::new("inner", |co| { co.yield_(1)?; co.yield_(2)?; Ok(10) });
    ///     let got = co.yield_from(inner)?;     // yields 1, then 2; got == 10
    ///     co.yield_(3)?;
    ///     Ok(got + 1)
    /// });
    /// assert_eq!(outer.advance(), Ok(1));
    /// assert_eq!(outer.advance(), Ok(2));
    /// assert_eq!(outer.advance(), Ok(3));
    /// assert_eq!(outer.advance(), Err(coroutines::GenError::StopIteration(Some(11))));
    /// ```
    pub fn yield_from<R2>(&self, mut inner: Generator<Y, S, R2>) -> Result<R2, Exception> {
        let mut step = inner.advance();
        loop {
            let value = match step {
                Ok(value) => value,
                Err(GenError::StopIteration(Some(r))) => return Ok(r),
                Err(GenError::StopIteration(None)) => {
                    return Err(Exception::new(
                        "RuntimeError",
                        format!("yield from {}: it had already finished", inner.name()),
                    ));
                }
                Err(e) => return Err(e.into_exception()),
            };
            step = match self.yield_(value) {
                Ok(v) => inner.resume(v),
                Err(Exception::GeneratorExit) => {
                    inner.close().map_err(GenError::into_exception)?;
                    return Err(Exception::GeneratorExit);
                }
                Err(e) => inner.throw(e),
            };
        }
    }

    /// Python's `yield from iterable` for a plain iterator: yields each item in turn; sent
    /// values are ignored, as a list iterator ignores them. Stops early on `throw`/`close`.
    pub fn yield_all(&self, items: impl IntoIterator<Item = Y>) -> Result<(), Exception> {
        for item in items {
            self.yield_(item)?;
        }
        Ok(())
    }
}
