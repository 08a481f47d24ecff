//! The values selected, in trace order, are exactly the expected ones.

use super::Broken;
use crate::read::Line;
use crate::select::{Picked, Select};

/// `Rule::Sequence`: where the values first differ, and the item there.
pub(super) fn check(select: &Select, expected: &[String], lines: &[Line]) -> Result<(), Broken> {
    let items = select.picked(lines);
    let got: Vec<&str> = items.iter().map(|i| i.value.as_ref()).collect();
    if got == *expected {
        return Ok(());
    }
    let k = got
        .iter()
        .zip(expected)
        .take_while(|(g, e)| *g == e)
        .count();
    Err(Broken::new(
        "sequence",
        format!("{} value(s); #{k} = {:?}", expected.len(), expected.get(k)),
        format!(
            "{} value(s); #{k} = {}",
            got.len(),
            items.get(k).map_or("nothing".into(), Picked::quote)
        ),
        items.get(k).map(|i| vec![i.line]).unwrap_or_default(),
    ))
}
