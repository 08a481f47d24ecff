//! Observation: how many `among` items came before the first `of` item.

use super::{Outcome, Side, TakesTwo, Two};
use crate::read::Line;
use crate::select::{Picked, Select};

/// `Rule::Position`. Its state: until the first `of` item, the lines of the `among` items
/// (an `of` item may have begun before some of them ended); then only counts.
pub(super) struct Position {
    two: Two,
    of_first_line: Option<usize>,
    among_lines: Vec<usize>,
    before: usize,
    among: usize,
}

impl Position {
    pub(super) fn new(of: &Select, among: &Select) -> Self {
        Position {
            // `among` first: at one line, an `among` item counts before the `of` it precedes
            // only if it ended before the `of` began, which its line says either way.
            two: Two::new(of, among),
            of_first_line: None,
            among_lines: Vec::new(),
            before: 0,
            among: 0,
        }
    }

    pub(super) fn line(&mut self, l: &Line) {
        self.feed(l);
    }

    pub(super) fn finish(mut self) -> Outcome {
        self.drain();
        match self.of_first_line {
            None => Outcome::Observed("absent".into()),
            Some(_) => Outcome::Observed(format!("after {} of {}", self.before, self.among)),
        }
    }
}
impl TakesTwo for Position {
    fn two(&mut self) -> &mut Two {
        &mut self.two
    }

    fn take(&mut self, side: Side, i: Picked<'_>) {
        match (side, self.of_first_line) {
            (Side::A, None) => {
                self.of_first_line = Some(i.first_line);
                self.before = self
                    .among_lines
                    .iter()
                    .filter(|&&n| n < i.first_line)
                    .count();
                self.among_lines = Vec::new();
            }
            (Side::A, Some(_)) => {}
            (Side::B, of) => {
                self.among += 1;
                match of {
                    None => self.among_lines.push(i.line),
                    Some(first) if i.line < first => self.before += 1,
                    Some(_) => {}
                }
            }
        }
    }
}
