//! The replies `main` receives in `Pool.map`: one per input, checked without keeping them
//! ([`one_reply_per_input`](super::one_reply_per_input)), and the order they came in
//! ([`reply_order`](super::reply_order)).

use std::collections::{BTreeSet, HashSet};

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::cell_knobs::CellKnobs;
use super::split_tag;
use crate::kinds;
use interleaving::shown::Shown;

/// Keeps one number per reply (its input's index, to find a second reply for it): the replies
/// are one per input exactly when each index is written plainly (`3`, not `03`), none comes
/// twice, each is below `items`, and there are `items` of them. For a message, the smallest
/// indexes (sorted as the whole list would be) and the first lines.
#[derive(Default)]
pub(crate) struct OneReplyPerInput {
    knobs: CellKnobs,
    count: usize,
    seen: HashSet<u64>,
    /// A reply whose index is not a plain number, or a number seen before.
    odd: bool,
    /// The indexes that sort first: (numeric key, arrival), the index as written.
    smallest: BTreeSet<((u64, usize), String)>,
    lines: Shown<usize>,
}

impl Fold for OneReplyPerInput {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        if l.event.kind != kinds::RESULT {
            return;
        }
        let idx = split_tag(&l.event.value).0;
        let parsed = idx.parse::<u64>().ok();
        match parsed.filter(|i| i.to_string() == idx) {
            Some(i) => self.odd |= !self.seen.insert(i),
            None => self.odd = true,
        }
        let key = (parsed.unwrap_or(u64::MAX), self.count);
        self.count += 1;
        self.smallest.insert((key, idx.to_owned()));
        if self.smallest.len() > Shown::<usize>::MAX {
            self.smallest.pop_last();
        }
        self.lines.push(l.no);
    }

    fn finish(self: Box<Self>) -> Outcome {
        let n = match self.knobs.u64("items") {
            Ok(n) => n,
            Err(o) => return o,
        };
        let all_below = self.seen.iter().all(|i| *i < n);
        if !self.odd && all_below && self.count as u64 == n {
            return Outcome::Held;
        }
        let want: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let got: Vec<&str> = self.smallest.iter().map(|(_, s)| s.as_str()).collect();
        let more = self.count - got.len();
        let mut got = got.join(", ");
        if more > 0 {
            got = format!("{got}, and {more} more");
        }
        violated(
            "one-reply-per-input",
            "main receives one reply for each input, none lost or twice",
            want.join(", "),
            got,
            self.lines.first().to_vec(),
        )
    }
}

/// The replies' indexes in arrival order: the first few, and how many more.
#[derive(Default)]
pub(crate) struct ReplyOrder(Shown<String>);

impl Fold for ReplyOrder {
    fn line(&mut self, l: &Line) {
        if l.event.kind == kinds::RESULT {
            self.0.push(split_tag(&l.event.value).0.to_owned());
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        Outcome::Observed(self.0.joined(", "))
    }
}
