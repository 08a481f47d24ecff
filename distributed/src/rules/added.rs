//! The producer's `adding` values, checked against 0, 1, ... n-1 without knowing n until the
//! end: the fold behind [`added_0_to_n`](super::added_0_to_n).

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::cell_knobs::CellKnobs;
use crate::kinds;
use interleaving::shown::Shown;

/// Its state: how many `adding`s came, how many of the first ones were their own position
/// (`0`, `1`, ...), whether the first that was not is `end`, and the first few for a message.
pub(crate) struct Added {
    with_end: bool,
    knobs: CellKnobs,
    count: u64,
    in_order: u64,
    broke_at_end: bool,
    values: Shown<String>,
    lines: Shown<usize>,
}

impl Added {
    pub(crate) fn new(with_end: bool) -> Self {
        Added {
            with_end,
            knobs: CellKnobs::default(),
            count: 0,
            in_order: 0,
            broke_at_end: false,
            values: Shown::default(),
            lines: Shown::default(),
        }
    }
}

impl Fold for Added {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        if l.event.kind != kinds::ADDING || l.event.actor != "producer" {
            return;
        }
        let v = &l.event.value;
        if self.in_order == self.count {
            if *v == self.count.to_string() {
                self.in_order += 1;
            } else {
                self.broke_at_end = v == "end";
            }
        }
        self.count += 1;
        self.values.push(v.clone());
        self.lines.push(l.no);
    }

    fn finish(self: Box<Self>) -> Outcome {
        let n = match self.knobs.u64("items") {
            Ok(n) => n,
            Err(o) => return o,
        };
        // 0..n in order, then (with the end marker) the first out of order is `end`, and last.
        let held = match self.with_end {
            true => self.in_order == n && self.broke_at_end && self.count == n + 1,
            false => self.in_order == n && self.count == n,
        };
        if held {
            return Outcome::Held;
        }
        let mut want: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        if self.with_end {
            want.push("end".into());
        }
        violated(
            "added-0-to-n",
            "the producer adds 0, 1, ... items-1 in order",
            want.join(", "),
            self.values.joined(", "),
            self.lines.first().to_vec(),
        )
    }
}
