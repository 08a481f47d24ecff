//! What every run of the coroutines lesson must show (SPEC section 4). Everything runs on one
//! thread, so nothing may vary: each cell's output and its order of switches are exact, and
//! `cargo xtask check coroutines` sees one interleaving.

use interleaving::declare::{cell, events, lines};
use interleaving::printed::{Printed, printed};
use interleaving::{Outcome, Property, Rule, Select, kinds as shared};

use crate::cells::{AVERAGER, FANCY_NAME, FUNC2, PIPELINE, PRIMING, SCHEDULER};
use crate::cells::{pipeline_pattern, priming_error};
use crate::kinds;

mod printed_lines;
mod rules;

pub use rules::exact;
use rules::{averager_rule, of, round_robin, same, story_is, unquote, violated};

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
                ("tasks-take-turns-round-robin", Rule::custom(round_robin)),
                ("each-task-counts-down-to-1", Rule::custom(countdown)),
            ],
        ),
        printed_lines::properties(),
    ]
    .concat()
}

fn pipeline() -> Vec<Property> {
    let printer_printed = Rule::custom(|lines| {
        let sent: Vec<String> = of(lines, "main", kinds::SEND)
            .filter(|l| l.event.value != "None")
            .map(|l| unquote(&l.event.value))
            .filter(|v| v.contains(pipeline_pattern()))
            .collect();
        let printed = lines_of(lines, "printer");
        same(
            "pipeline",
            "printer prints the lines main sent that contain the pattern, in order",
            &sent,
            &printed.iter().map(|i| i.value.clone()).collect::<Vec<_>>(),
            printed.iter().map(|i| i.line).collect(),
        )
    });
    cell(
        PIPELINE,
        [
            (
                "printer-gets-exactly-the-matching-lines-in-order",
                printer_printed,
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

fn lines_of(lines: &[interleaving::Line], actor: &str) -> Vec<interleaving::select::Item> {
    Select::lines().by(actor).items(lines)
}

/// Each task started by main prints `task: n` from its n down to 1.
fn countdown(lines: &[interleaving::Line]) -> Outcome {
    for start in of(lines, "main", shared::START) {
        let task = &start.event.value;
        let printed = lines_of(lines, task);
        let got: Vec<String> = printed.iter().map(|i| i.value.clone()).collect();
        let n = got.len();
        let want: Vec<String> = (1..=n).rev().map(|k| format!("{task}: {k}")).collect();
        if got != want || n == 0 {
            return violated(
                "countdown",
                &format!("{task} prints `{task}: n` from its n down to 1"),
                format!("{want:?} (at least one line)"),
                format!("{got:?}"),
                printed.iter().map(|i| i.line).collect(),
            );
        }
    }
    Outcome::Held
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec()
}
