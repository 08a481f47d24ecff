//! What every run of the coroutines lesson must show (SPEC section 4). Everything runs on one
//! thread, so nothing may vary: each cell's output and its order of switches are exact, and
//! `cargo xtask check coroutines` sees one interleaving.

use interleaving::declare::{cell, events, lines};
use interleaving::fold::Fold;
use interleaving::printed::{Printed, printed};
use interleaving::select::{Picked, Picker};
use interleaving::{Line, Outcome, Property, Rule, Select};

use crate::cells::{AVERAGER, FANCY_NAME, FUNC2, PIPELINE, PRIMING, SCHEDULER};
use crate::cells::{pipeline_pattern, priming_error};
use crate::kinds;

mod countdown;
mod printed_lines;
mod round_robin;
mod rules;
mod same;

use countdown::Countdown;
use round_robin::RoundRobin;
pub use rules::exact;
use rules::{averager_rule, story_is, unquote};
use same::Same;

/// Every property of the lesson, cell by cell.
///
/// ```
/// use interleaving::{check, Event, Trace};
/// // A run in which fancy_name printed "Done" before it was closed.
/// let trace = Trace::from_events([
///     Event::new(0, 0, 1, "lesson", "cell", "fancy-name"),
///     Event::new(0, 0, 1, "fancy_name", "print", "Done"),
///     Event::new(0, 0, 1, "main", "close", ""),
/// ]);
/// let report = check(&trace, &coroutines::properties::properties());
/// assert!(!report.is_ok());
/// ```
pub fn properties() -> Vec<Property> {
    let created = "<generator object func2 (GEN_CREATED)>";
    let by = |actor: &str, kind: &str| events(kind).by(actor);
    let refused = || by("main", kinds::ERROR).value(priming_error());
    // Each actor's order in every cell is a rule every trace gets (`per-actor-order`).
    [
        cell(
            FUNC2,
            [
                (
                    "func2-session-prints-repr-5-stopiteration-closed-repr",
                    lines().sequence([
                        created,
                        "5",
                        "StopIteration",
                        "<generator object func2 (GEN_CLOSED)>",
                    ]),
                ),
                (
                    "func2-runs-nothing-before-next",
                    lines()
                        .by("main")
                        .value(created)
                        .before(Select::any().by("func2")),
                ),
                (
                    "func2-yields-5-then-returns",
                    story_is("func2", &["yield 5", "return None"]),
                ),
            ],
        ),
        cell(
            FANCY_NAME,
            [
                (
                    "fancy-name-prints-exactly-cool-utkarsh-cool-gupta-done",
                    lines().sequence(["Cool:Utkarsh", "Cool:Gupta", "Done"]),
                ),
                (
                    "fancy-name-primed-before-the-first-send",
                    by("fancy_name", kinds::YIELD)
                        .first()
                        .before(by("main", kinds::SEND).value("'Utkarsh'")),
                ),
                (
                    "done-printed-only-after-close",
                    by("main", kinds::CLOSE).before(lines().value("Done")),
                ),
            ],
        ),
        cell(
            PRIMING,
            [
                ("send-before-priming-is-refused-once", refused().count(1)),
                (
                    "refused-send-runs-nothing",
                    refused().before(Select::any().by("fancy_name")),
                ),
                (
                    "next-on-a-consumer-raises-in-the-body-and-finishes-it",
                    story_is(
                        "fancy_name",
                        &[
                            "yield None",
                            "print Cool:Utkarsh",
                            "yield None",
                            "raise TypeError('can only concatenate str (not \"NoneType\") to str')",
                        ],
                    ),
                ),
                (
                    "finished-generator-raises-stopiteration",
                    by("fancy_name", kinds::RAISE)
                        .before(lines().by("main").value("StopIteration")),
                ),
            ],
        ),
        cell(
            AVERAGER,
            [
                (
                    "averager-yields-the-running-mean-and-returns-it",
                    averager_rule(),
                ),
                // Every line is a claim; the last, the generator's return value, is the point.
                (
                    "printed-lines",
                    printed(|_| {
                        Ok(Printed::new().by(
                            "main",
                            ["None", "10.0", "20.0", "15.0", "StopIteration: (3, 15.0)"],
                        ))
                    }),
                ),
            ],
        ),
        pipeline(),
        cell(
            SCHEDULER,
            [
                (
                    "tasks-take-turns-round-robin",
                    Rule::fold(RoundRobin::default),
                ),
                ("each-task-counts-down-to-1", Rule::fold(Countdown::new)),
            ],
        ),
        printed_lines::properties(),
    ]
    .concat()
}

fn pipeline() -> Vec<Property> {
    cell(
        PIPELINE,
        [
            (
                "printer-gets-exactly-the-matching-lines-in-order",
                Rule::fold(PrinterPrinted::new),
            ),
            (
                "printer-closed-once",
                events(kinds::RETURN).by("printer").count(1),
            ),
            (
                "closing-grep-closes-printer",
                events(kinds::CLOSE)
                    .by("main")
                    .before(events(kinds::RETURN).by("printer")),
            ),
        ],
    )
}

/// The printer prints the lines main sent that contain the pattern, in order. Its state: the
/// printer's unfinished line, and the comparison of what it printed with what main sent that
/// matches ([`Same`]: only what one side gave that the other has not matched yet).
struct PrinterPrinted {
    picker: Picker,
    same: Same,
}

impl PrinterPrinted {
    fn new() -> Self {
        PrinterPrinted {
            picker: Picker::new(&Select::lines().by("printer")),
            same: Same::new([]),
        }
    }
}

fn printed_by_printer(same: &mut Same, i: Picked<'_>) {
    same.got(i.value.into_owned(), i.line);
}

impl Fold for PrinterPrinted {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.actor == "main" && e.kind == kinds::SEND && e.value != "None" {
            let sent = unquote(&e.value);
            if sent.contains(pipeline_pattern()) {
                self.same.want(sent);
            }
        }
        let same = &mut self.same;
        self.picker.line(l, &mut |i| printed_by_printer(same, i));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let same = &mut self.same;
        self.picker.finish(&mut |i| printed_by_printer(same, i));
        self.same.finish(
            "pipeline",
            "printer prints the lines main sent that contain the pattern, in order",
        )
    }
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec()
}
