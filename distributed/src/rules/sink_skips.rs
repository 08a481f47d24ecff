//! One `skipped` per repeated processing: the fold behind
//! [`sink_skips_repeats`](super::sink_skips_repeats).

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::split_tag;
use crate::kinds;
use interleaving::shown::Shown;

/// Keeps one count per item processed and per item skipped (the two are compared at the
/// end), and the first `skipped` lines for a message.
#[derive(Default)]
pub(crate) struct SinkSkips {
    processed: BTreeMap<String, usize>,
    skips: BTreeMap<String, usize>,
    skip_lines: Shown<usize>,
}

impl Fold for SinkSkips {
    fn line(&mut self, l: &Line) {
        match l.event.kind.as_str() {
            kinds::PROCESS => {
                let (item, _) = split_tag(&l.event.value);
                *self.processed.entry(item.to_owned()).or_default() += 1;
            }
            kinds::SKIPPED => {
                *self.skips.entry(l.event.value.clone()).or_default() += 1;
                self.skip_lines.push(l.no);
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let repeats: BTreeMap<&str, usize> = self
            .processed
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(i, n)| (i.as_str(), n - 1))
            .collect();
        let skips: BTreeMap<&str, usize> =
            self.skips.iter().map(|(i, n)| (i.as_str(), *n)).collect();
        if repeats != skips {
            return violated(
                "sink-skips-repeats",
                "the sink skipped each repeated processing, and nothing else",
                format!("{repeats:?}"),
                format!("{skips:?}"),
                self.skip_lines.first().to_vec(),
            );
        }
        Outcome::Held
    }
}
