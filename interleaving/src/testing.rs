//! One test harness for every lesson (cargo feature `testing`): record a real trace, mutate
//! it, and see the checker catch it.
//!
//! Two uses. [`must_fail`] lists, for a real trace, the mutations that are wrong by
//! construction (whatever the lesson: a line lost, doubled, reordered within its actor, moved
//! after its actor's join, two runs glued, a run cut short...), which `cargo xtask mutate`
//! applies and counts. [`breaker`] searches, for one property, a small mutation of a real
//! trace that the property itself catches: a property no mutation can break checks nothing.
//!
//! ```
//! use interleaving::testing::{Mutation, must_fail};
//! use interleaving::{check_lesson, LessonSpec, Trace};
//! let spec = LessonSpec::new("demo", ["a"]);
//! let run = Trace::from_steps([
//!     ("lesson", "lesson", "demo"), ("lesson", "cell", "a"), ("lesson", "knob", ""),
//!     ("main", "print", "1"), ("main", "print", "2"), ("lesson", "end", "demo"),
//! ]);
//! assert!(check_lesson(&run, &spec, &[]).is_ok());
//! for (class, m) in must_fail(&run) {
//!     assert!(!check_lesson(&m.apply(&run), &spec, &[]).is_ok(), "{class}: {m}");
//! }
//! ```

use std::fmt;

use crate::check::{Property, check, check_lesson};
use crate::event::{Event, kinds};
use crate::read::{Line, Trace};
use crate::rule::{LESSON_ACTOR, Outcome};
use crate::spec::LessonSpec;

mod binary;
mod child_test;
mod clock_mutations;
mod python_reference;
mod recording;
mod snapshots;
mod swap_gets;

pub use crate::help_and_list_snapshots;
/// The snapshot library [`help_and_list_snapshots!`] expands to, so that its callers need no
/// `insta` dependency of their own.
pub use insta;

pub use binary::*;
pub use child_test::*;
pub use clock_mutations::{REMOVE_LAST, RET_LATER, SWAP_GETS, remove_last, ret_later, swap_gets};
pub use python_reference::*;
pub use recording::*;
pub use swap_gets::swap_ordered_gets;

/// Calls `gate` for every event this process emits, after its clock was read and before its
/// line is written: where the kernel may deschedule a thread for as long as it likes. A test
/// blocks in `gate` to hold a thread there and shows that `t_ns` is when the event happened,
/// whenever its line lands. Once per process (a test in a child process); later calls are
/// ignored and return `false`.
pub fn hold_before_write(gate: impl Fn(&Event) + Send + Sync + 'static) -> bool {
    crate::emit::BEFORE_WRITE.set(Box::new(gate)).is_ok()
}

/// One edit of a trace. Indexes are 0-based positions in `trace.lines`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    /// Drop line `i`.
    Remove(usize),
    /// Write line `i` twice.
    Duplicate(usize),
    /// Take line `i` out and put it right before line `j` (indexes of the original trace).
    MoveBefore(usize, usize),
    /// Take line `i` out and put it right after line `j` (indexes of the original trace).
    MoveAfter(usize, usize),
    /// Exchange lines `i` and `j`.
    Swap(usize, usize),
    /// Give line `i` another value.
    SetValue(usize, String),
    /// Give line `i` another pid.
    SetPid(usize, u32),
    /// Give line `i` another kind (a `print` written as a `write` fragment, without newline).
    SetKind(usize, String),
    /// Give line `i` another actor.
    SetActor(usize, String),
    /// The run followed by a second copy of itself.
    Glue,
    /// Keep only the first `n` lines.
    Truncate(usize),
    /// Each mutation in turn, each on the result of the one before (its indexes are those of
    /// the trace it is applied to): for a case one edit cannot make, such as a third holder of
    /// a two-permit semaphore whose threads happened to run one after another.
    All(Vec<Mutation>),
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Lines as a reader counts them: 1-based.
        match self {
            Mutation::Remove(i) => write!(f, "remove line {}", i + 1),
            Mutation::Duplicate(i) => write!(f, "duplicate line {}", i + 1),
            Mutation::MoveBefore(i, j) => write!(f, "move line {} before line {}", i + 1, j + 1),
            Mutation::MoveAfter(i, j) => write!(f, "move line {} after line {}", i + 1, j + 1),
            Mutation::Swap(i, j) => write!(f, "swap lines {} and {}", i + 1, j + 1),
            Mutation::SetValue(i, v) => write!(f, "set the value of line {} to {v:?}", i + 1),
            Mutation::SetPid(i, p) => write!(f, "set the pid of line {} to {p}", i + 1),
            Mutation::SetKind(i, k) => write!(f, "set the kind of line {} to {k}", i + 1),
            Mutation::SetActor(i, a) => write!(f, "set the actor of line {} to {a}", i + 1),
            Mutation::Glue => write!(f, "glue a second run after the first"),
            Mutation::Truncate(n) => write!(f, "cut the trace after line {n}"),
            Mutation::All(ms) => {
                let each: Vec<String> = ms.iter().map(Mutation::to_string).collect();
                write!(f, "{}", each.join(", then "))
            }
        }
    }
}

impl Mutation {
    /// The mutated trace, its lines numbered 1, 2, 3... again.
    ///
    /// ```
    /// use interleaving::testing::{Mutation, Run};
    /// let t = Run::new("demo").cell("a", "").step("main", "print", "1").step("main", "print", "2").end();
    /// // Lines 3 and 4 are main's; removing 4 first leaves 3 where it was.
    /// let m = Mutation::All(vec![Mutation::Remove(4), Mutation::Remove(3)]);
    /// assert_eq!(m.apply(&t).lines.len(), t.lines.len() - 2);
    /// assert_eq!(m.to_string(), "remove line 5, then remove line 4");
    /// ```
    pub fn apply(&self, trace: &Trace) -> Trace {
        if let Mutation::All(ms) = self {
            return ms.iter().fold(trace.clone(), |t, m| m.apply(&t));
        }
        let mut ev: Vec<Event> = trace.lines.iter().map(|l| l.event.clone()).collect();
        let n = ev.len();
        match self {
            Mutation::Remove(i) if *i < n => {
                ev.remove(*i);
            }
            Mutation::Duplicate(i) if *i < n => ev.insert(*i, ev[*i].clone()),
            // A line moved before or after itself stays where it is (the last line moved
            // after itself would otherwise be put past the end).
            Mutation::MoveBefore(i, j) | Mutation::MoveAfter(i, j) if i == j => {}
            Mutation::MoveBefore(i, j) | Mutation::MoveAfter(i, j) if *i < n && *j < n => {
                let after = matches!(self, Mutation::MoveAfter(..));
                let e = ev.remove(*i);
                // Where line j now is, once line i has left.
                let j = if *j > *i { *j - 1 } else { *j };
                ev.insert(if after { j + 1 } else { j }, e);
            }
            Mutation::Swap(i, j) if *i < n && *j < n => ev.swap(*i, *j),
            Mutation::SetValue(i, v) if *i < n => ev[*i].value = v.clone(),
            Mutation::SetPid(i, p) if *i < n => ev[*i].pid = *p,
            Mutation::SetKind(i, k) if *i < n => ev[*i].kind = k.clone(),
            Mutation::SetActor(i, a) if *i < n => ev[*i].actor = a.clone(),
            Mutation::Glue => ev.extend_from_slice(&ev.clone()),
            Mutation::Truncate(k) => ev.truncate(*k),
            _ => {}
        }
        Trace::from_events(ev)
    }
}

/// The classes of [`must_fail`], in the order `cargo xtask mutate` shows them.
pub const CLASSES: [&str; 9] = [
    "remove",
    "duplicate",
    "swap",
    "move-after-join",
    "set-value",
    "set-pid",
    "move-before-start",
    "glue",
    "truncate",
];

/// Every mutation of `run` (a whole run that passes) that no run can show, by class. Each is
/// wrong by construction, so the rules every trace gets catch it whatever the lesson:
/// - `remove`: a line followed by a later line of its actor in the same cell (a gap in
///   `seq`), or any line of the lesson actor;
/// - `duplicate`: any line, twice (the same `seq` twice);
/// - `swap`: two consecutive lines of one actor (its `seq` goes backwards);
/// - `move-after-join`: a line of B moved right after the `join` of B;
/// - `set-value`: the lesson's name, or a cell's, changed to one the lesson does not have;
/// - `set-pid`: a line of `lesson` or `main` moved to another process;
/// - `move-before-start`: a line of the lesson actor moved before the `lesson` event;
/// - `glue`: two runs in one trace; `truncate`: the run cut before its `end`.
///
/// Unordered lines of different actors are never swapped: that is another interleaving, not
/// a wrong one.
pub fn must_fail(run: &Trace) -> Vec<(&'static str, Mutation)> {
    let lines = &run.lines;
    let mut out = Vec::new();
    let cell_of = cell_index(lines);
    let same_actor =
        |a: &Line, b: &Line| a.event.actor == b.event.actor && a.event.pid == b.event.pid;
    for (i, l) in lines.iter().enumerate() {
        let mine = |m: &&Line| same_actor(l, m);
        let in_cell = |k: &usize| cell_of[*k] == cell_of[i];
        let next = lines[i + 1..]
            .iter()
            .position(|m| mine(&m))
            .map(|k| i + 1 + k);
        let prev = lines[..i].iter().rposition(|m| mine(&m));
        let lesson = l.event.actor == LESSON_ACTOR;
        // Between two lines of its actor in one cell, a lost line leaves a gap in `seq`.
        if lesson || (next.is_some_and(|j| in_cell(&j)) && prev.is_some_and(|k| in_cell(&k))) {
            out.push(("remove", Mutation::Remove(i)));
        }
        out.push(("duplicate", Mutation::Duplicate(i)));
        if let Some(j) = next.filter(|j| in_cell(j) && !lesson) {
            out.push(("swap", Mutation::Swap(i, j)));
        }
        if l.event.kind == kinds::LESSON || l.event.kind == kinds::CELL {
            out.push((
                "set-value",
                Mutation::SetValue(i, "no-such-cell-or-lesson".into()),
            ));
        }
        if (lesson || l.event.actor == "main") && i > 0 {
            out.push((
                "set-pid",
                Mutation::SetPid(i, l.event.pid.wrapping_add(7919)),
            ));
        }
        if lesson && i > 0 {
            out.push(("move-before-start", Mutation::MoveBefore(i, 0)));
        }
        if l.event.kind == kinds::JOIN && l.event.actor != l.event.value {
            // The joined actor's last line before the join, in this cell.
            let joined = (0..i)
                .rev()
                .take_while(in_cell)
                .find(|k| lines[*k].event.actor == l.event.value);
            if let Some(k) = joined {
                out.push(("move-after-join", Mutation::MoveAfter(k, i)));
            }
        }
    }
    if !lines.is_empty() {
        out.push(("glue", Mutation::Glue));
        for k in [0, lines.len() / 2, lines.len() - 1] {
            out.push(("truncate", Mutation::Truncate(k)));
        }
    }
    out
}

/// For each line, the index of its cell (0 before the first `cell` event).
fn cell_index(lines: &[Line]) -> Vec<usize> {
    let mut cell = 0;
    lines
        .iter()
        .map(|l| {
            if l.event.kind == kinds::CELL {
                cell += 1;
            }
            cell
        })
        .collect()
}

/// Small edits tried on each line to break one property: remove it, write it twice, change
/// its value, move it to its cell's start (after the knobs) or end, swap it with the next
/// line, move it to another process or into main's, write a `print` as a fragment.
fn candidates(run: &Trace, cell: Option<&str>) -> Vec<Mutation> {
    let lines = &run.lines;
    let cells = cell_index(lines);
    // The range of lines of the cell in question (the whole trace for a trace-wide property).
    let in_scope: Vec<usize> = match cell {
        None => (0..lines.len()).collect(),
        Some(name) => {
            let Some(start) = lines
                .iter()
                .position(|l| l.event.kind == kinds::CELL && l.event.value == name)
            else {
                return Vec::new();
            };
            (start..lines.len())
                .take_while(|i| cells[*i] == cells[start])
                .collect()
        }
    };
    let (Some(&first), Some(&last)) = (in_scope.first(), in_scope.last()) else {
        return Vec::new();
    };
    // After the cell's `cell` and `knob` events.
    let head = (first + 2).min(last);
    let mut out = Vec::new();
    for &i in &in_scope {
        if lines[i].event.actor == LESSON_ACTOR {
            continue;
        }
        out.push(Mutation::Remove(i));
        out.push(Mutation::Duplicate(i));
        out.push(Mutation::SetValue(i, format!("{}~", lines[i].event.value)));
        out.push(Mutation::MoveBefore(i, head));
        out.push(Mutation::MoveAfter(i, last));
        if i < last {
            out.push(Mutation::Swap(i, i + 1));
        }
        out.push(Mutation::SetPid(i, lines[i].event.pid.wrapping_add(7919)));
        if lines[i].event.pid != lines[0].event.pid {
            out.push(Mutation::SetPid(i, lines[0].event.pid));
        }
        if lines[i].event.kind == kinds::PRINT {
            out.push(Mutation::SetKind(i, kinds::WRITE.into()));
        }
    }
    out
}

/// A mutation of `run` that `property` itself reports as violated, if there is one.
///
/// ```
/// use interleaving::testing::breaker;
/// use interleaving::{Property, Rule, Select, Trace};
/// let p = Property::new("hello-once", Rule::Count { select: Select::lines().value("Hello"), n: 1 });
/// let run = Trace::from_steps([("main", "print", "Hello")]);
/// assert!(breaker(&run, &p).is_some());
/// ```
pub fn breaker(run: &Trace, property: &Property) -> Option<Mutation> {
    breaker_with(run, property, &[])
}

/// [`breaker`], also trying the `extra` mutations (first): for a property no generic edit can
/// reach, such as "actor X never runs", which needs a line of X.
pub fn breaker_with(run: &Trace, property: &Property, extra: &[Mutation]) -> Option<Mutation> {
    let one = std::slice::from_ref(property);
    extra
        .iter()
        .cloned()
        .chain(candidates(run, property.cell.as_deref()))
        .find(|m| {
            let report = check(&m.apply(run), one);
            matches!(report.verdicts[0].outcome, Outcome::Violated(_))
        })
}

/// Asserts that every property asserted on `run` (held, not merely observed) has a mutation
/// of `run` that breaks it, and that `run` itself passes. Panics naming those that have none.
pub fn assert_every_property_breakable(run: &Trace, spec: &LessonSpec, properties: &[Property]) {
    assert_every_property_breakable_with(run, spec, properties, &[]);
}

/// [`assert_every_property_breakable`], also trying the `extra` mutations.
pub fn assert_every_property_breakable_with(
    run: &Trace,
    spec: &LessonSpec,
    properties: &[Property],
    extra: &[Mutation],
) {
    let report = check_lesson(run, spec, properties);
    assert!(report.is_ok(), "the recorded run does not pass:\n{report}");
    let unbroken: Vec<String> = properties
        .iter()
        .filter(|p| {
            matches!(
                check(run, std::slice::from_ref(p)).verdicts[0].outcome,
                Outcome::Held
            )
        })
        .filter(|p| breaker_with(run, p, extra).is_none())
        .map(|p| p.name.clone())
        .collect();
    assert!(
        unbroken.is_empty(),
        "no mutation of the recorded run breaks: {}",
        unbroken.join(", ")
    );
}

/// Asserts that `trace` fails the lesson's check with property (or rule) `name` violated.
pub fn assert_caught(trace: &Trace, spec: &LessonSpec, properties: &[Property], name: &str) {
    let report = check_lesson(trace, spec, properties);
    assert!(
        report.violations().any(|v| v.property == name),
        "expected {name} to be violated:\n{report}"
    );
}

/// The lines of cell `cell` in `trace`, as positions (its `cell` event first); empty if the
/// cell did not run.
pub fn cell_lines(trace: &Trace, cell: &str) -> std::ops::Range<usize> {
    let lines = &trace.lines;
    let Some(start) = lines
        .iter()
        .position(|l| l.event.kind == kinds::CELL && l.event.value == cell)
    else {
        return 0..0;
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| {
            l.event.actor == LESSON_ACTOR
                && (l.event.kind == kinds::CELL || l.event.kind == kinds::END)
        })
        .map_or(lines.len(), |k| start + 1 + k);
    start..end
}

/// Positions of the lines of cell `cell` that `pick` selects, in trace order.
pub fn find_all(trace: &Trace, cell: &str, pick: impl Fn(&Event) -> bool) -> Vec<usize> {
    cell_lines(trace, cell)
        .filter(|i| pick(&trace.lines[*i].event))
        .collect()
}

/// Position of the first line of cell `cell` that `pick` selects; panics naming the cell if
/// none does (a test locating a line its run must have).
pub fn find(trace: &Trace, cell: &str, pick: impl Fn(&Event) -> bool) -> usize {
    *find_all(trace, cell, pick)
        .first()
        .unwrap_or_else(|| panic!("no such line in cell {cell}"))
}

/// Position of the first line of cell `cell` by `actor` with value `value`.
///
/// ```
/// use interleaving::testing::{Mutation, Run, at};
/// let t = Run::new("demo").cell("a", "").step("main", "print", "1").step("main", "print", "2").end();
/// let two = at(&t, "a", "main", "2");
/// assert_eq!(t.lines[two].event.value, "2");
/// let moved = Mutation::MoveBefore(two, at(&t, "a", "main", "1")).apply(&t);
/// assert_eq!(moved.lines[two - 1].event.value, "2");
/// ```
pub fn at(trace: &Trace, cell: &str, actor: &str, value: &str) -> usize {
    *find_all(trace, cell, |e| e.actor == actor && e.value == value)
        .first()
        .unwrap_or_else(|| panic!("no {actor} {value:?} in cell {cell}"))
}

/// Position of the first line of cell `cell` by `actor` of kind `kind`.
pub fn at_kind(trace: &Trace, cell: &str, actor: &str, kind: &str) -> usize {
    *find_all(trace, cell, |e| e.actor == actor && e.kind == kind)
        .first()
        .unwrap_or_else(|| panic!("no {kind} by {actor} in cell {cell}"))
}

/// Asserts that `trace` passes the lesson's check.
pub fn assert_holds(trace: &Trace, spec: &LessonSpec, properties: &[Property]) {
    let report = check_lesson(trace, spec, properties);
    assert!(report.is_ok(), "{report}");
}

/// `trace` passes, and `m` applied to it fails `printed-lines` with every one of `needles`
/// in the report: the one way the lessons' tests show a printed line deleted, added or
/// changed is caught and named (`interleaving::printed`).
pub fn assert_printed_lines_name(
    trace: &Trace,
    spec: &LessonSpec,
    properties: &[Property],
    m: &Mutation,
    needles: &[&str],
) {
    assert_holds(trace, spec, properties);
    let text = check_lesson(&m.apply(trace), spec, properties).to_string();
    for needle in needles {
        assert!(
            text.contains("VIOLATED  printed-lines") && text.contains(needle),
            "{m}: {needle}:\n{text}"
        );
    }
}

/// What the observation `name` records on `trace`; panics if it is not an observation there.
pub fn observed(trace: &Trace, properties: &[Property], name: &str) -> String {
    let report = check(trace, properties);
    report
        .observations()
        .find(|(p, _)| *p == name)
        .map(|(_, v)| v.to_owned())
        .unwrap_or_else(|| panic!("{name} observed nothing:\n{report}"))
}

/// Asserts that `trace` fails the lesson's check with property `name` violated in cell
/// `cell`: for a name several cells share.
pub fn assert_caught_in(
    trace: &Trace,
    spec: &LessonSpec,
    properties: &[Property],
    name: &str,
    cell: &str,
) {
    let report = check_lesson(trace, spec, properties);
    assert!(
        report
            .violations()
            .any(|v| v.property == name && v.cell.as_deref() == Some(cell)),
        "expected {name} [{cell}] to be violated:\n{report}"
    );
}

/// Every line of cell `cell` that `pick` selects, removed.
pub fn remove_all(trace: &Trace, cell: &str, pick: impl Fn(&Event) -> bool) -> Mutation {
    // From the last, so each index still names its line.
    Mutation::All(
        find_all(trace, cell, pick)
            .into_iter()
            .rev()
            .map(Mutation::Remove)
            .collect(),
    )
}

/// A trace as a lesson writes it, built step by step (see [`Trace::from_steps`]): a `lesson`
/// event first, each cell opened with its knobs, `end` last.
///
/// ```
/// use interleaving::testing::Run;
/// use interleaving::{check_lesson, LessonSpec};
/// let t = Run::new("demo").cell("a", "n=1").step("main", "print", "1").end();
/// assert!(check_lesson(&t, &LessonSpec::new("demo", ["a"]), &[]).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct Run {
    lesson: String,
    steps: Vec<(String, String, String)>,
}

impl Run {
    /// A run of lesson `name`.
    pub fn new(name: &str) -> Run {
        Run {
            lesson: name.to_owned(),
            steps: vec![(LESSON_ACTOR.into(), kinds::LESSON.into(), name.into())],
        }
    }

    /// Opens cell `name` with its knobs (`key=value` fields).
    pub fn cell(mut self, name: &str, knobs: &str) -> Run {
        self.steps
            .push((LESSON_ACTOR.into(), kinds::CELL.into(), name.into()));
        self.steps
            .push((LESSON_ACTOR.into(), kinds::KNOB.into(), knobs.into()));
        self
    }

    /// One event.
    pub fn step(mut self, actor: &str, kind: &str, value: &str) -> Run {
        self.steps.push((actor.into(), kind.into(), value.into()));
        self
    }

    /// The trace so far, ended.
    pub fn end(mut self) -> Trace {
        self.steps
            .push((LESSON_ACTOR.into(), kinds::END.into(), self.lesson.clone()));
        Trace::from_steps(self.steps)
    }
}
