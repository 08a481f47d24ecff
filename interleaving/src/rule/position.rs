//! Observation: how many `among` items came before the first `of` item ("after 2 of 5").

use super::Outcome;
use crate::read::Line;
use crate::select::Select;

/// `Rule::Position`: recorded, never asserted.
pub(super) fn observe(of: &Select, among: &Select, lines: &[Line]) -> Outcome {
    let among = among.picked(lines);
    match of.picked(lines).first() {
        None => Outcome::Observed("absent".into()),
        Some(o) => {
            let k = among.iter().filter(|i| i.line < o.first_line).count();
            Outcome::Observed(format!("after {k} of {}", among.len()))
        }
    }
}
