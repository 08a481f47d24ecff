//! The rules every trace gets, whatever its lesson, checked before the lesson's own
//! properties: one run of one lesson, each cell opened by its knobs, a joined actor is
//! finished, and per-actor program order. A lesson never has to ask for them.

use std::collections::BTreeMap;

use crate::check::Verdict;
use crate::event::kinds;
use crate::read::{Line, Trace};
use crate::rule::{Outcome, Rule, violated};
use crate::spec::LessonSpec;

/// The names of the rules every trace gets, in the order they are checked.
pub const RULES: [&str; 4] = [
    "one-run-of-one-lesson",
    "each-cell-starts-with-its-knobs",
    "joined-actors-are-finished",
    "per-actor-order",
];

/// The verdicts of the rules every trace gets, one per rule of [`RULES`].
///
/// ```
/// use interleaving::{every_trace, LessonSpec, Trace};
/// let spec = LessonSpec::new("threading", ["square-cube"]);
/// let verdicts = every_trace::verdicts(&Trace::default(), &spec);
/// assert!(verdicts[0].to_string().contains("the trace is empty"));
/// ```
pub fn verdicts(trace: &Trace, spec: &LessonSpec) -> Vec<Verdict> {
    let outcomes = [
        one_run(trace, spec),
        knobs_first(trace),
        joined_are_finished(trace, spec),
        Rule::PerActorOrder.eval(&trace.lines),
    ];
    RULES
        .iter()
        .zip(outcomes)
        .map(|(name, outcome)| Verdict {
            property: (*name).to_owned(),
            cell: None,
            outcome,
        })
        .collect()
}

fn broken(statement: &str, expected: String, got: String, lines: Vec<usize>) -> Outcome {
    violated("every-trace", statement, expected, got, lines)
}

/// One run of one lesson: `lesson NAME` first, `end` last, each event of the lesson actor
/// and of `main` in one process, the lesson's cells at most once each and in its order.
fn one_run(trace: &Trace, spec: &LessonSpec) -> Outcome {
    let s = "a trace holds exactly one whole run of one lesson";
    let name = &spec.name;
    let Some(first) = trace.lines.first() else {
        return broken(
            s,
            format!("a run of {name}, starting with its `lesson` event"),
            "the trace is empty: no event at all".into(),
            vec![],
        );
    };
    let e = &first.event;
    if e.kind != kinds::LESSON || e.actor != "lesson" {
        return broken(
            s,
            format!("line {}: the `lesson` event naming {name}", first.no),
            format!("`{}` {:?} by {}", e.kind, e.value, e.actor),
            vec![first.no],
        );
    }
    if e.seq != 0 {
        return broken(
            s,
            "the `lesson` event with seq 0".into(),
            format!("seq {}", e.seq),
            vec![first.no],
        );
    }
    if e.value != *name {
        return broken(
            s,
            format!("a trace of the {name} lesson"),
            format!("a trace of the {} lesson", e.value),
            vec![first.no],
        );
    }
    let main_pid = e.pid;
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut last_index: Option<(usize, &str, usize)> = None;
    for l in &trace.lines[1..] {
        let e = &l.event;
        if e.kind == kinds::LESSON {
            return broken(
                s,
                "one `lesson` event, the first".into(),
                format!("a second run begins at line {}", l.no),
                vec![first.no, l.no],
            );
        }
        if (e.actor == "lesson" || e.actor == "main") && e.pid != main_pid {
            return broken(
                s,
                format!("every event of lesson and main in the run's process, pid {main_pid}"),
                format!("{} in pid {}", e.actor, e.pid),
                vec![first.no, l.no],
            );
        }
        if e.kind != kinds::CELL {
            continue;
        }
        let cell = e.value.as_str();
        let Some(index) = spec.cells.iter().position(|c| c == cell) else {
            return broken(
                s,
                format!("cells of {name}: {}", spec.cells.join(", ")),
                format!("cell {cell:?}, which {name} does not have"),
                vec![l.no],
            );
        };
        if let Some(before) = seen.insert(cell, l.no) {
            return broken(
                s,
                "each cell at most once".into(),
                format!(
                    "cell {cell} at lines {before} and {}: two runs in one trace?",
                    l.no
                ),
                vec![before, l.no],
            );
        }
        if let Some((prev, prev_cell, prev_line)) = last_index
            && prev > index
        {
            return broken(
                s,
                format!(
                    "the cells in the lesson's order ({})",
                    spec.cells.join(", ")
                ),
                format!("cell {cell} after cell {prev_cell}"),
                vec![prev_line, l.no],
            );
        }
        last_index = Some((index, cell, l.no));
    }
    if seen.is_empty() {
        return broken(
            s,
            format!("at least one cell of {name}"),
            "none of the lesson's cells is in the trace".into(),
            vec![],
        );
    }
    let last = trace.lines.last().unwrap_or(first);
    if last.event.kind != kinds::END || last.event.actor != "lesson" {
        return broken(
            s,
            "the lesson's `end` event last".into(),
            format!(
                "the trace stops at line {} ({} `{}`): the run was cut short, hung or failed",
                last.no, last.event.actor, last.event.kind
            ),
            vec![last.no],
        );
    }
    Outcome::Held
}

/// Each cell's first event is its one `knob` event, by `lesson`.
fn knobs_first(trace: &Trace) -> Outcome {
    let s = "each cell starts with one `knob` event by lesson, its effective knobs";
    for (cell, lines) in trace.cells() {
        let knobs: Vec<&Line> = lines
            .iter()
            .filter(|l| l.event.kind == kinds::KNOB)
            .collect();
        if cell.is_empty() {
            if let Some(k) = knobs.first() {
                return broken(
                    s,
                    "knobs only inside a cell".into(),
                    "a `knob` before any cell".into(),
                    vec![k.no],
                );
            }
            continue;
        }
        let first = lines.first();
        let ok = knobs.len() == 1
            && first.is_some_and(|f| f.event.kind == kinds::KNOB && f.event.actor == "lesson");
        if !ok {
            let mut at: Vec<usize> = knobs.iter().map(|l| l.no).collect();
            at.extend(first.map(|f| f.no));
            at.sort();
            at.dedup();
            return broken(
                s,
                format!("cell {cell}: one `knob` by lesson, first"),
                format!(
                    "{} knob event(s); the cell's first event is {}",
                    knobs.len(),
                    first.map_or("missing".to_owned(), |f| format!(
                        "`{}` by {} at line {}",
                        f.event.kind, f.event.actor, f.no
                    ))
                ),
                at,
            );
        }
    }
    Outcome::Held
}

/// After A's `join` of B (or any wait the lesson declares, or B's own `exit`), nothing of B
/// in that cell until a `start` names B again.
fn joined_are_finished(trace: &Trace, spec: &LessonSpec) -> Outcome {
    let s = "a joined (or exited) actor is finished: none of its events follows, until it is started again";
    for (_, lines) in trace.cells() {
        let mut finished: BTreeMap<&str, &Line> = BTreeMap::new();
        for l in lines {
            let e = &l.event;
            if let Some(end) = finished.get(e.actor.as_str()) {
                return broken(
                    s,
                    format!(
                        "every event of {} before line {} ({} `{}` {:?})",
                        e.actor, end.no, end.event.actor, end.event.kind, end.event.value
                    ),
                    format!("`{}` {:?} by {} at line {}", e.kind, e.value, e.actor, l.no),
                    vec![end.no, l.no],
                );
            }
            if e.kind == kinds::START {
                finished.remove(e.value.as_str());
            } else if e.kind == kinds::EXIT {
                finished.insert(&e.actor, l);
            } else if spec.waits.contains(&e.kind) && e.actor != e.value {
                finished.insert(&e.value, l);
            }
        }
    }
    Outcome::Held
}
