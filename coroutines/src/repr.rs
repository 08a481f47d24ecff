//! Python's `repr()` for the values the lessons pass around, so that a trace reads as the
//! notebook would print it: `'Utkarsh'`, `10.0`, `None`, `(3, 15.0)`.

use crate::error::Exception;

/// A value written as Python's `repr()` would write it.
///
/// ```
/// use coroutines::Repr;
/// assert_eq!("Utkarsh".repr(), "'Utkarsh'");
/// assert_eq!(().repr(), "None");
/// assert_eq!(Some(20.0).repr(), "20.0");
/// assert_eq!((3u64, 15.0).repr(), "(3, 15.0)");
/// ```
pub trait Repr {
    /// The value as Python's `repr()` shows it.
    fn repr(&self) -> String;
}

/// Rust's `()` plays Python's `None`: what a bare `yield` yields and a bare `return` returns.
impl Repr for () {
    fn repr(&self) -> String {
        "None".into()
    }
}

impl Repr for str {
    fn repr(&self) -> String {
        format!("'{}'", self.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

impl Repr for String {
    fn repr(&self) -> String {
        self.as_str().repr()
    }
}

impl<T: Repr + ?Sized> Repr for &T {
    fn repr(&self) -> String {
        (**self).repr()
    }
}

impl Repr for f64 {
    /// Rust's `{:?}` for floats is the shortest text that reads back the same number, as
    /// Python's `repr`: `10.0`, `0.1`.
    fn repr(&self) -> String {
        format!("{self:?}")
    }
}

impl Repr for bool {
    fn repr(&self) -> String {
        if *self { "True" } else { "False" }.into()
    }
}

macro_rules! repr_as_display {
    ($($t:ty),*) => {$(
        impl Repr for $t {
            fn repr(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
repr_as_display!(i32, i64, u32, u64, usize);

/// `None` for `None`, the value itself for `Some` (Python has no `Some` wrapper).
impl<T: Repr> Repr for Option<T> {
    fn repr(&self) -> String {
        self.as_ref().map_or_else(|| "None".into(), Repr::repr)
    }
}

impl<A: Repr, B: Repr> Repr for (A, B) {
    fn repr(&self) -> String {
        format!("({}, {})", self.0.repr(), self.1.repr())
    }
}

/// `ValueError('bad value')`, `GeneratorExit()`.
impl Repr for Exception {
    fn repr(&self) -> String {
        match self {
            Exception::GeneratorExit => "GeneratorExit()".into(),
            Exception::Error { kind, message } => format!("{kind}({})", message.repr()),
        }
    }
}
