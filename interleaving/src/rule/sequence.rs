//! The values selected, in trace order, are exactly the expected sequence.

use super::{Broken, Check};
use crate::read::Line;
use crate::select::{Item, Picked, Picker, Select};

/// `Rule::Sequence`. Its state: how many values came, and the first that differs from the
/// expected one at its place (or the first beyond them).
pub(super) struct Sequence {
    picker: Picker,
    expected: Vec<String>,
    seen: usize,
    first_wrong: Option<(usize, Item)>,
}

impl Sequence {
    pub(super) fn new(select: &Select, expected: &[String]) -> Self {
        Sequence {
            picker: Picker::new(select),
            expected: expected.to_vec(),
            seen: 0,
            first_wrong: None,
        }
    }
}

fn take(expected: &[String], seen: &mut usize, wrong: &mut Option<(usize, Item)>, i: Picked) {
    let k = *seen;
    *seen += 1;
    if wrong.is_none() && expected.get(k).is_none_or(|e| *e != i.value) {
        *wrong = Some((k, i.to_item()));
    }
}

impl Check for Sequence {
    fn line(&mut self, l: &Line) {
        let (expected, seen, wrong) = (&self.expected, &mut self.seen, &mut self.first_wrong);
        self.picker.line(l, &mut |i| take(expected, seen, wrong, i));
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        let (expected, seen, wrong) = (&self.expected, &mut self.seen, &mut self.first_wrong);
        self.picker.finish(&mut |i| take(expected, seen, wrong, i));
        let (k, at) = match self.first_wrong.take() {
            Some((k, item)) => (k, Some(item)),
            None if self.seen == self.expected.len() => return Ok(()),
            // Every value came right, but too few.
            None => (self.seen, None),
        };
        Err(Broken::new(
            "sequence",
            format!(
                "{} value(s); #{k} = {:?}",
                self.expected.len(),
                self.expected.get(k)
            ),
            format!(
                "{} value(s); #{k} = {}",
                self.seen,
                at.as_ref().map_or("nothing".into(), Item::quote)
            ),
            at.map(|i| vec![i.line]).unwrap_or_default(),
        ))
    }
}
