//! What every run of the coroutines lesson must show (SPEC section 4). Everything runs on one
//! thread, so nothing may vary: each cell's output and its order of switches are exact, and
//! `cargo xtask check coroutines` sees one interleaving.

use interleaving::{Outcome, Property, Rule, Select, kinds as shared};

use crate::cells::{AVERAGER, FANCY_NAME, FUNC2, PIPELINE, PRIMING, SCHEDULER};
use crate::cells::{pipeline_pattern, priming_error};
use crate::kinds;

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
    let mut all: Vec<Property> = [FUNC2, FANCY_NAME, PRIMING, AVERAGER, PIPELINE, SCHEDULER]
        .into_iter()
        .map(|cell| {
            Property::new(
                format!("{cell}-keeps-each-actors-order"),
                Rule::PerActorOrder,
            )
            .in_cell(cell)
        })
        .collect();
    all.extend(func2());
    all.extend(fancy_name());
    all.extend(priming());
    all.push(
        Property::new(
            "averager-yields-the-running-mean-and-returns-it",
            averager_rule(),
        )
        .in_cell(AVERAGER),
    );
    all.extend(pipeline());
    all.extend(scheduler());
    all
}

fn func2() -> Vec<Property> {
    let created = "<generator object func2 (GEN_CREATED)>";
    vec![
        Property::new(
            "func2-session-prints-repr-5-stopiteration-closed-repr",
            exact(
                Select::lines(),
                &[
                    created,
                    "5",
                    "StopIteration",
                    "<generator object func2 (GEN_CLOSED)>",
                ],
            ),
        )
        .in_cell(FUNC2),
        Property::new(
            "func2-runs-nothing-before-next",
            Rule::HappensBefore {
                before: Select::lines().by("main").value(created),
                after: Select::any().by("func2"),
            },
        )
        .in_cell(FUNC2),
        Property::new(
            "func2-yields-5-then-returns",
            story_is("func2", &["yield 5", "return None"]),
        )
        .in_cell(FUNC2),
    ]
}

fn fancy_name() -> Vec<Property> {
    vec![
        Property::new(
            "fancy-name-prints-exactly-cool-utkarsh-cool-gupta-done",
            exact(Select::lines(), &["Cool:Utkarsh", "Cool:Gupta", "Done"]),
        )
        .in_cell(FANCY_NAME),
        Property::new(
            "fancy-name-primed-before-the-first-send",
            Rule::HappensBefore {
                before: Select::kind(kinds::YIELD).by("fancy_name").first(),
                after: Select::kind(kinds::SEND).by("main").value("'Utkarsh'"),
            },
        )
        .in_cell(FANCY_NAME),
        Property::new(
            "done-printed-only-after-close",
            Rule::HappensBefore {
                before: Select::kind(kinds::CLOSE).by("main"),
                after: Select::lines().value("Done"),
            },
        )
        .in_cell(FANCY_NAME),
    ]
}

fn priming() -> Vec<Property> {
    let refused = || Select::kind(kinds::ERROR).by("main").value(priming_error());
    vec![
        Property::new(
            "send-before-priming-is-refused-once",
            Rule::Count {
                select: refused(),
                n: 1,
            },
        )
        .in_cell(PRIMING),
        Property::new(
            "refused-send-runs-nothing",
            Rule::HappensBefore {
                before: refused(),
                after: Select::any().by("fancy_name"),
            },
        )
        .in_cell(PRIMING),
        Property::new(
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
        )
        .in_cell(PRIMING),
        Property::new(
            "finished-generator-raises-stopiteration",
            Rule::HappensBefore {
                before: Select::kind(kinds::RAISE).by("fancy_name"),
                after: Select::lines().by("main").value("StopIteration"),
            },
        )
        .in_cell(PRIMING),
    ]
}

fn pipeline() -> Vec<Property> {
    vec![
        Property::new(
            "printer-gets-exactly-the-matching-lines-in-order",
            Rule::custom(|lines| {
                let sent: Vec<String> = of(lines, "main", kinds::SEND)
                    .filter(|l| l.event.value != "None")
                    .map(|l| unquote(&l.event.value))
                    .filter(|v| v.contains(pipeline_pattern()))
                    .collect();
                let printed = Select::lines().by("printer").items(lines);
                same(
                    "pipeline",
                    "printer prints the lines main sent that contain the pattern, in order",
                    &sent,
                    &printed.iter().map(|i| i.value.clone()).collect::<Vec<_>>(),
                    printed.iter().map(|i| i.line).collect(),
                )
            }),
        )
        .in_cell(PIPELINE),
        Property::new(
            "printer-closed-once",
            Rule::Count {
                select: Select::kind(kinds::RETURN).by("printer"),
                n: 1,
            },
        )
        .in_cell(PIPELINE),
        Property::new(
            "closing-grep-closes-printer",
            Rule::HappensBefore {
                before: Select::kind(kinds::CLOSE).by("main"),
                after: Select::kind(kinds::RETURN).by("printer"),
            },
        )
        .in_cell(PIPELINE),
    ]
}

fn scheduler() -> Vec<Property> {
    vec![
        Property::new("tasks-take-turns-round-robin", Rule::custom(round_robin)).in_cell(SCHEDULER),
        Property::new(
            "each-task-counts-down-to-1",
            Rule::custom(|lines| {
                for start in of(lines, "main", shared::START) {
                    let task = &start.event.value;
                    let printed = Select::lines().by(task).items(lines);
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
            }),
        )
        .in_cell(SCHEDULER),
    ]
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec()
}
