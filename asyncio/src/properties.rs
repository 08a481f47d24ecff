//! placeholder
use interleaving::Property;
/// Every property of the lesson, cell by cell.
pub fn properties() -> Vec<Property> {
    Vec::new()
}
