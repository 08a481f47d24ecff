//! The custom rules of the lesson's properties, each a fold over the cell's lines: exact
//! sequences, output as whole lines however it was written, the running mean.

use interleaving::fold::Fold;
use interleaving::select::{LINES, Picked, Picker};
use interleaving::{Line, Outcome, Rule, Select, kinds as shared};

use super::same::Same;
use crate::kinds;

/// The averager's yields, recomputed from what main sent: None first, then the mean of the
/// numbers so far after each; its return value `(count, mean)` when main sends None.
pub(super) fn averager_rule() -> Rule {
    Rule::fold(Averager::new)
}

/// The running mean, as main's numbers come. Its state: how many numbers were sent and
/// their sum, and the comparison of the averager's events with the yields they make
/// ([`Same`]: only what one side gave that the other has not matched yet).
struct Averager {
    sent: usize,
    total: f64,
    same: Same,
}

impl Averager {
    fn new() -> Self {
        Averager {
            sent: 0,
            total: 0.0,
            same: Same::new(["yield None".to_owned()]),
        }
    }
}

impl Fold for Averager {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.actor == "main" && e.kind == kinds::SEND {
            if let Ok(x) = e.value.parse::<f64>() {
                self.total += x;
                self.sent += 1;
                let mean = self.total / self.sent as f64;
                self.same.want(format!("yield {mean:?}"));
            }
        } else if e.actor == "averager" {
            self.same.got(describe(l), l.no);
        }
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let mean = if self.sent == 0 {
            "None".to_owned()
        } else {
            format!("{:?}", self.total / self.sent as f64)
        };
        self.same.want(format!("return ({}, {mean})", self.sent));
        self.same.finish(
            "running-mean",
            "averager yields None, then the mean so far after each number, then returns (count, mean)",
        )
    }
}

/// The items selected, described as `kind value` (or, for lines, the line), are exactly
/// `expected`, in this order.
pub fn exact(select: Select, expected: &[&str]) -> Rule {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    Rule::fold(move || Exact::new(&select, &expected))
}

/// [`exact`]'s fold. Its state: the selection's picker (an unfinished line per actor) and
/// the comparison with `expected` ([`Same`]).
struct Exact {
    picker: Picker,
    statement: String,
    same: Same,
}

impl Exact {
    fn new(select: &Select, expected: &[String]) -> Self {
        Exact {
            picker: Picker::new(select),
            statement: format!("`{select}` is exactly {expected:?}, in this order"),
            same: Same::new(expected.iter().cloned()),
        }
    }
}

fn take(same: &mut Same, i: Picked<'_>) {
    let described = if i.kind == LINES {
        i.value.into_owned()
    } else {
        format!("{} {}", i.kind, i.value)
    };
    same.got(described, i.line);
}

impl Fold for Exact {
    fn line(&mut self, l: &Line) {
        let same = &mut self.same;
        self.picker.line(l, &mut |i| take(same, i));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let same = &mut self.same;
        self.picker.finish(&mut |i| take(same, i));
        self.same.finish("exact-sequence", &self.statement)
    }
}

/// An event as `kind value`.
fn describe(l: &Line) -> String {
    format!("{} {}", l.event.kind, l.event.value)
}

/// What `actor` did is exactly `expected`, in this order: each of its events as
/// `kind value`, with its output as whole lines (`print <line>`) however it was written: one
/// `print` event, or `write` fragments as Python's `print` makes them ("Cool:Utkarsh", then a
/// newline).
pub(super) fn story_is(actor: &'static str, expected: &[&str]) -> Rule {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    Rule::fold(move || Story {
        actor,
        partial: String::new(),
        statement: format!("what {actor} did is exactly {expected:?}, in this order"),
        same: Same::new(expected.iter().cloned()),
    })
}

/// [`story_is`]'s fold. Its state: the actor's output written since its last newline, and
/// the comparison with what is expected ([`Same`]).
struct Story {
    actor: &'static str,
    partial: String,
    statement: String,
    same: Same,
}

impl Fold for Story {
    fn line(&mut self, l: &Line) {
        if l.event.actor != self.actor {
            return;
        }
        match l.event.kind.as_str() {
            shared::PRINT => self.same.got(format!("print {}", l.event.value), l.no),
            shared::WRITE => {
                self.partial.push_str(&l.event.value);
                while let Some(end) = self.partial.find('\n') {
                    self.same
                        .got(format!("print {}", &self.partial[..end]), l.no);
                    self.partial.drain(..=end);
                }
            }
            _ => self.same.got(describe(l), l.no),
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        // Output left without its newline is no line of the story.
        self.same.finish("exact-sequence", &self.statement)
    }
}

/// `'it\'s'` -> `it's`: undoes [`Repr`](crate::Repr) for a string.
pub(super) fn unquote(repr: &str) -> String {
    let inner = repr
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(repr);
    inner.replace("\\'", "'").replace("\\\\", "\\")
}
