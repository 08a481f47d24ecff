//! The fold of [`published_in_order`](super::published_in_order): the producer's `put`s are
//! 0, 1, 2... and its lines "Published 0", "Published 1"..., one per put. It keeps two counts,
//! the first wrong put, whether a line was out of place, and the first lines for the message.

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::Picker;
use interleaving::shown::Shown;
use interleaving::{Line, Outcome, Select};

use crate::kinds;

const S: &str = "the producer puts 0, 1, 2... in order and prints \"Published i\" after each";

pub(super) struct InOrder {
    puts: usize,
    wrong_put: Option<(usize, String, usize)>,
    printed: Picker,
    lines: Shown<String>,
    lines_differ: bool,
}

impl InOrder {
    pub(super) fn new() -> Self {
        InOrder {
            puts: 0,
            wrong_put: None,
            printed: Picker::new(&Select::lines().by("producer")),
            lines: Shown::default(),
            lines_differ: false,
        }
    }

    fn printed_line(&mut self, text: &str) {
        if text != format!("Published {}", self.lines.len()) {
            self.lines_differ = true;
        }
        self.lines.push(text.to_owned());
    }
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
        if !self.lines_differ && self.lines.len() == self.puts {
            return Outcome::Held;
        }
        let mut want = Shown::default();
        for i in 0..self.puts {
            want.push(format!("Published {i}"));
        }
        violated(
            "published-in-order",
            S,
            want.to_string(),
            self.lines.to_string(),
            vec![],
        )
    }
}
