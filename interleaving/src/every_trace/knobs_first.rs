//! Each cell's first event is its one `knob` event, by `lesson`.

use super::{broken, opens_a_cell};
use crate::event::kinds;
use crate::read::Line;
use crate::rule::Outcome;

const S: &str = "each cell starts with one `knob` event by lesson, its effective knobs";

/// Its state: the current cell's name, first line and `knob` lines so far.
#[derive(Default)]
pub(super) struct KnobsFirst {
    cell: String,
    /// The cell's first event: its line, kind and actor.
    first: Option<(usize, String, String)>,
    knobs: Vec<usize>,
    /// Whether the stretch before the first cell had an event besides the `lesson` one.
    more_than_the_lesson: bool,
    broken: Option<Outcome>,
}

impl KnobsFirst {
    pub(super) fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        let e = &l.event;
        if opens_a_cell(l) {
            self.end_cell(false);
            self.cell = e.value.clone();
            self.first = None;
            self.knobs.clear();
            return;
        }
        if e.kind != kinds::LESSON {
            self.more_than_the_lesson = true;
        }
        if self.first.is_none() {
            self.first = Some((l.no, e.kind.clone(), e.actor.clone()));
        }
        if e.kind == kinds::KNOB {
            self.knobs.push(l.no);
        }
    }

    /// The current cell ended (`at_end`: with the trace).
    fn end_cell(&mut self, at_end: bool) {
        if self.broken.is_some() {
            return;
        }
        if self.cell.is_empty() {
            // The stretch before the first cell is a cell of its own only if it holds more
            // than the `lesson` event (or is the whole trace).
            let counts = self.more_than_the_lesson || (at_end && self.first.is_some());
            if counts && let Some(&k) = self.knobs.first() {
                self.broken = Some(broken(
                    S,
                    "knobs only inside a cell".into(),
                    "a `knob` before any cell".into(),
                    vec![k],
                ));
            }
            return;
        }
        let ok = self.knobs.len() == 1
            && self
                .first
                .as_ref()
                .is_some_and(|(_, kind, actor)| kind == kinds::KNOB && actor == "lesson");
        if ok {
            return;
        }
        let mut at = self.knobs.clone();
        at.extend(self.first.as_ref().map(|f| f.0));
        at.sort();
        at.dedup();
        self.broken = Some(broken(
            S,
            format!("cell {}: one `knob` by lesson, first", self.cell),
            format!(
                "{} knob event(s); the cell's first event is {}",
                self.knobs.len(),
                self.first
                    .as_ref()
                    .map_or("missing".to_owned(), |(no, kind, actor)| format!(
                        "`{kind}` by {actor} at line {no}"
                    ))
            ),
            at,
        ));
    }

    pub(super) fn finish(mut self) -> Outcome {
        self.end_cell(true);
        self.broken.unwrap_or(Outcome::Held)
    }
}
