//! One run of one lesson: `lesson NAME` first, `end` last, each event of the lesson actor and
//! of `main` in one process, the lesson's cells at most once each and in its order.

use std::collections::HashMap;

use super::broken;
use crate::event::kinds;
use crate::read::Line;
use crate::rule::Outcome;
use crate::spec::LessonSpec;

const S: &str = "a trace holds exactly one whole run of one lesson";

/// Its state: the first line, the cells seen (and where), the last line.
pub(super) struct OneRun {
    name: String,
    cells: Vec<String>,
    /// The first line's number and pid, once it was read and was right.
    first: Option<(usize, u32)>,
    seen: HashMap<String, usize>,
    /// The last cell's index in the lesson's order, name and line.
    last_index: Option<(usize, String, usize)>,
    /// The last line: its number, actor and kind.
    last: Option<(usize, String, String)>,
    broken: Option<Outcome>,
}

impl OneRun {
    pub(super) fn new(spec: &LessonSpec) -> Self {
        OneRun {
            name: spec.name.clone(),
            cells: spec.cells.clone(),
            first: None,
            seen: HashMap::new(),
            last_index: None,
            last: None,
            broken: None,
        }
    }

    pub(super) fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        let e = &l.event;
        let at_first = self.last.is_none();
        self.last = Some((l.no, e.actor.clone(), e.kind.clone()));
        if at_first {
            self.broken = self.first_line(l);
            self.first = Some((l.no, e.pid));
            return;
        }
        let (first_no, main_pid) = self.first.expect("set at the first line");
        let name = &self.name;
        if e.kind == kinds::LESSON {
            self.broken = Some(broken(
                S,
                "one `lesson` event, the first".into(),
                format!("a second run begins at line {}", l.no),
                vec![first_no, l.no],
            ));
            return;
        }
        if (e.actor == "lesson" || e.actor == "main") && e.pid != main_pid {
            self.broken = Some(broken(
                S,
                format!("every event of lesson and main in the run's process, pid {main_pid}"),
                format!("{} in pid {}", e.actor, e.pid),
                vec![first_no, l.no],
            ));
            return;
        }
        if e.kind != kinds::CELL {
            return;
        }
        let cell = e.value.as_str();
        let Some(index) = self.cells.iter().position(|c| c == cell) else {
            self.broken = Some(broken(
                S,
                format!("cells of {name}: {}", self.cells.join(", ")),
                format!("cell {cell:?}, which {name} does not have"),
                vec![l.no],
            ));
            return;
        };
        if let Some(before) = self.seen.insert(cell.to_owned(), l.no) {
            self.broken = Some(broken(
                S,
                "each cell at most once".into(),
                format!(
                    "cell {cell} at lines {before} and {}: two runs in one trace?",
                    l.no
                ),
                vec![before, l.no],
            ));
            return;
        }
        if let Some((prev, prev_cell, prev_line)) = &self.last_index
            && *prev > index
        {
            self.broken = Some(broken(
                S,
                format!(
                    "the cells in the lesson's order ({})",
                    self.cells.join(", ")
                ),
                format!("cell {cell} after cell {prev_cell}"),
                vec![*prev_line, l.no],
            ));
            return;
        }
        self.last_index = Some((index, cell.to_owned(), l.no));
    }

    /// The trace's first line must be the `lesson` event naming this lesson, seq 0.
    fn first_line(&self, first: &Line) -> Option<Outcome> {
        let name = &self.name;
        let e = &first.event;
        if e.kind != kinds::LESSON || e.actor != "lesson" {
            return Some(broken(
                S,
                format!("line {}: the `lesson` event naming {name}", first.no),
                format!("`{}` {:?} by {}", e.kind, e.value, e.actor),
                vec![first.no],
            ));
        }
        if e.seq != 0 {
            return Some(broken(
                S,
                "the `lesson` event with seq 0".into(),
                format!("seq {}", e.seq),
                vec![first.no],
            ));
        }
        if e.value != *name {
            return Some(broken(
                S,
                format!("a trace of the {name} lesson"),
                format!("a trace of the {} lesson", e.value),
                vec![first.no],
            ));
        }
        None
    }

    pub(super) fn finish(self) -> Outcome {
        if let Some(b) = self.broken {
            return b;
        }
        let name = &self.name;
        let Some((last_no, actor, kind)) = self.last else {
            return broken(
                S,
                format!("a run of {name}, starting with its `lesson` event"),
                "the trace is empty: no event at all".into(),
                vec![],
            );
        };
        if self.seen.is_empty() {
            return broken(
                S,
                format!("at least one cell of {name}"),
                "none of the lesson's cells is in the trace".into(),
                vec![],
            );
        }
        if kind != kinds::END || actor != "lesson" {
            return broken(
                S,
                "the lesson's `end` event last".into(),
                format!(
                    "the trace stops at line {last_no} ({actor} `{kind}`): the run was cut \
                     short, hung or failed"
                ),
                vec![last_no],
            );
        }
        Outcome::Held
    }
}
