//! A generator with nothing to be sent is an [`Iterator`], as Python's `for x in gen()`.

use crate::error::{Exception, GenError};
use crate::generator::Generator;

/// `for x in gen` in Python ends quietly at `StopIteration` and raises anything else out of
/// the loop. Rust's `for` cannot raise, so each item is a `Result`, as with
/// `BufRead::lines`: `Err(e)` once if the body raised `e`, then the iteration ends.
///
/// ```
/// use coroutines::Generator;
/// let countdown: Generator<u32> = Generator::new("countdown", |co| {
///     for n in (1..=3).rev() {
///         co.yield_(n)?;
///     }
///     Ok(())
/// });
/// let got: Result<Vec<u32>, _> = countdown.collect();
/// assert_eq!(got, Ok(vec![3, 2, 1]));
/// ```
impl<Y, R> Iterator for Generator<Y, (), R> {
    type Item = Result<Y, Exception>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.advance() {
            Ok(value) => Some(Ok(value)),
            Err(GenError::StopIteration(_)) => None,
            Err(e) => Some(Err(e.into_exception())),
        }
    }
}

impl<Y, R> std::iter::FusedIterator for Generator<Y, (), R> {}
