//! The fold of [`published_in_order`](super::published_in_order): the producer's `put`s are
//! 0, 1, 2... and its lines "Published 0", "Published 1"..., one per put. It keeps two counts,
//! the first wrong put, whether a line was out of place, and the first lines for the message.

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::Picker;
use interleaving::{Line, Outcome, Select};

use crate::kinds;

const S: &str = "the producer puts 0, 1, 2... in order and prints \"Published i\" after each";

/// How many lines of each list a violation shows.
const SHOWN: usize = 20;

pub(super) struct InOrder {
    puts: usize,
    wrong_put: Option<(usize, String, usize)>,
    printed: Picker,
    lines: usize,
    first_lines: Vec<String>,
    lines_differ: bool,
}

impl InOrder {
    pub(super) fn new() -> Self {
        InOrder {
            puts: 0,
            wrong_put: None,
            printed: Picker::new(&Select::lines().by("producer")),
            lines: 0,
            first_lines: Vec::new(),
            lines_differ: false,
        }
    }

    fn printed_line(&mut self, text: &str) {
        if text != format!("Published {}", self.lines) {
            self.lines_differ = true;
        }
        if self.first_lines.len() < SHOWN {
            self.first_lines.push(text.to_owned());
        }
        self.lines += 1;
    }
}

/// A list as `["a", "b"]`, or its first [`SHOWN`] and how many more.
fn shown(first: &[String], total: usize) -> String {
    let list = format!("{first:?}");
    if total <= first.len() {
        return list;
    }
    format!(
        "{}, and {} more]",
        list.trim_end_matches(']'),
        total - first.len()
    )
}

impl Fold for InOrder {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.kind == kinds::PUT && e.actor == "producer" {
            if self.wrong_put.is_none() && e.value != self.puts.to_string() {
                self.wrong_put = Some((self.puts, e.value.clone(), l.no));
            }
            self.puts += 1;
        }
        let mut printed = std::mem::replace(&mut self.printed, Picker::new(&Select::any()));
        printed.line(l, &mut |i| self.printed_line(&i.value));
        self.printed = printed;
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let mut printed = std::mem::replace(&mut self.printed, Picker::new(&Select::any()));
        printed.finish(&mut |i| self.printed_line(&i.value));
        if self.puts == 0 {
            return violated(
                "published-in-order",
                S,
                "at least one put".into(),
                "none".into(),
                vec![],
            );
        }
        if let Some((i, value, no)) = self.wrong_put {
            return violated(
                "published-in-order",
                S,
                format!("put #{i} of {i}"),
                format!("put of {value:?}"),
                vec![no],
            );
        }
        if !self.lines_differ && self.lines == self.puts {
            return Outcome::Held;
        }
        let want: Vec<String> = (0..self.puts.min(SHOWN))
            .map(|i| format!("Published {i}"))
            .collect();
        violated(
            "published-in-order",
            S,
            shown(&want, self.puts),
            shown(&self.first_lines, self.lines),
            vec![],
        )
    }
}
