//! Every line a cell prints is something its lesson claims (issue #25): each cell of each
//! lesson has a `printed-lines` property, so a line deleted, added or changed fails `check`.

use crate::demos::DEMOS;

#[test]
fn every_cell_of_every_lesson_claims_its_printed_lines() {
    let mut unclaimed = Vec::new();
    for demo in DEMOS {
        let props = (demo.properties)();
        for cell in (demo.spec)().cells {
            let claimed = props
                .iter()
                .any(|p| p.name == "printed-lines" && p.cell.as_deref() == Some(cell.as_str()));
            if !claimed {
                unclaimed.push(format!("{} {cell}", demo.name));
            }
        }
    }
    assert!(
        unclaimed.is_empty(),
        "cells without a printed-lines property: {unclaimed:?}"
    );
}
