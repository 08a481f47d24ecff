//! The properties the coroutines demo's trace must keep (SPEC section 4), in terms of
//! `interleaving`. None yet: the lesson is not written (issue #6).

use interleaving::Property;

/// Every property of the lesson, cell by cell.
pub fn properties() -> Vec<Property> {
    Vec::new()
}
