//! The text of a caught panic, for the lessons that catch one (a thread's `join`, a forked
//! child's panic hook) and print it as Python prints an exception's `str()`.

use std::any::Any;

/// The text a panic payload carries: `panic!("literal")` gives a `&str`, `panic!("{x}")` a
/// `String`; anything else (`std::panic::panic_any(3)`) has no text to show.
///
/// ```
/// let caught = std::panic::catch_unwind(|| panic!("division by {}", 0)).unwrap_err();
/// assert_eq!(interleaving::panic_message(caught.as_ref()), "division by 0");
/// let caught = std::panic::catch_unwind(|| std::panic::panic_any(3)).unwrap_err();
/// assert_eq!(interleaving::panic_message(caught.as_ref()), "a panic with a non-text payload");
/// ```
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a non-text payload".into())
}
