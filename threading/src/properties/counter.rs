//! A counter's end as main reports it: its first `count how expected=N got=M` event.

use std::sync::Arc;

use interleaving::fold::Fold;
use interleaving::select::{Picked, Picker};
use interleaving::{Line, Outcome, Select};

use crate::kinds as my;

/// A `count` event read back: (line, expected, got).
pub(super) type Count = (usize, u64, u64);

/// What a rule makes of the counter's event (`None`: main reported no such counter).
pub(super) type Judge = Arc<dyn Fn(Option<Count>) -> Outcome + Send + Sync>;

/// The first `count` event by main for the counter `how` that parses, judged at the end. Its
/// state: that event's line and numbers, once found.
pub(super) struct CountOf {
    how: &'static str,
    picker: Picker,
    found: Option<Count>,
    judge: Judge,
}

impl CountOf {
    /// Before any line.
    pub(super) fn new(how: &'static str, judge: Judge) -> Self {
        CountOf {
            how,
            picker: Picker::new(&Select::kind(my::COUNT).by("main")),
            found: None,
            judge,
        }
    }
}

/// `how expected=N got=M`, parsed.
fn parse(i: &Picked<'_>, how: &str) -> Option<Count> {
    let (e, g) = numbers(&i.value, how)?;
    Some((i.line, e, g))
}

/// The (expected, got) of `how expected=N got=M`.
fn numbers(value: &str, how: &str) -> Option<(u64, u64)> {
    let rest = value.strip_prefix(how)?.strip_prefix(" expected=")?;
    let (e, g) = rest.split_once(" got=")?;
    Some((e.parse().ok()?, g.parse().ok()?))
}

/// The counter `how` among the values of main's `count` events, as [`CountOf`] finds it (the
/// first that parses): for a claim of the printed lines.
pub(super) fn count_in(values: &[String], how: &str) -> Option<(u64, u64)> {
    values.iter().find_map(|v| numbers(v, how))
}

impl Fold for CountOf {
    fn line(&mut self, l: &Line) {
        if self.found.is_some() {
            return;
        }
        let (how, found) = (self.how, &mut self.found);
        self.picker.line(l, &mut |i| {
            if found.is_none() {
                *found = parse(&i, how);
            }
        });
    }

    fn finish(self: Box<Self>) -> Outcome {
        (self.judge)(self.found)
    }
}
