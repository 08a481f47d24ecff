//! What every run of the coroutines lesson must show (SPEC section 4). Everything runs on one
//! thread, so nothing may vary: each cell's output and its order of switches are exact, and
//! `cargo xtask check coroutines` sees one interleaving.

use std::collections::VecDeque;

use interleaving::{Line, Outcome, Property, Rule, Select, Violation, kinds as shared};

use crate::cells::{AVERAGER, FANCY_NAME, FUNC2, PIPELINE, PRIMING, SCHEDULER};
use crate::cells::{pipeline_pattern, priming_error};
use crate::kinds;

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

/// The scheduler's queue, replayed from the trace: tasks start in the order of main's `start`
/// events; each turn (a task's `yield` or `return`) must be the task at the front; a task
/// that yields goes to the back, one that returns leaves; at the end the queue is empty.
fn round_robin(lines: &[Line]) -> Outcome {
    let statement = "each turn goes to the task at the front of the queue; every task finishes";
    let mut queue: VecDeque<&str> = of(lines, "main", shared::START)
        .map(|l| l.event.value.as_str())
        .collect();
    if queue.is_empty() {
        return violated(
            "round-robin",
            statement,
            "at least one task started".into(),
            "none".into(),
            vec![],
        );
    }
    for l in lines {
        let e = &l.event;
        if e.kind != kinds::YIELD && e.kind != kinds::RETURN {
            continue;
        }
        match queue.pop_front() {
            Some(front) if front == e.actor => {
                if e.kind == kinds::YIELD {
                    queue.push_back(front);
                }
            }
            front => {
                return violated(
                    "round-robin",
                    statement,
                    format!("a turn of {}", front.unwrap_or("nobody (all finished)")),
                    format!("{} by {}", e.kind, e.actor),
                    vec![l.no],
                );
            }
        }
    }
    if queue.is_empty() {
        Outcome::Held
    } else {
        violated(
            "round-robin",
            statement,
            "every task returned".into(),
            format!("{queue:?} never returned"),
            vec![],
        )
    }
}

/// The averager's yields, recomputed from what main sent: None first, then the mean of the
/// numbers so far after each; its return value `(count, mean)` when main sends None.
fn averager_rule() -> Rule {
    Rule::custom(|lines| {
        let sent: Vec<f64> = of(lines, "main", kinds::SEND)
            .filter_map(|l| l.event.value.parse().ok())
            .collect();
        let mut want = vec!["yield None".to_owned()];
        let mut total = 0.0;
        for (i, x) in sent.iter().enumerate() {
            total += x;
            want.push(format!("yield {:?}", total / (i + 1) as f64));
        }
        let mean = if sent.is_empty() {
            "None".to_owned()
        } else {
            format!("{:?}", total / sent.len() as f64)
        };
        want.push(format!("return ({}, {mean})", sent.len()));
        let got: Vec<String> = of(lines, "averager", "").map(describe).collect();
        same(
            "running-mean",
            "averager yields None, then the mean so far after each number, then returns (count, mean)",
            &want,
            &got,
            of(lines, "averager", "").map(|l| l.no).collect(),
        )
    })
}

/// The items selected, described as `kind value` (or, for lines, the line), are exactly
/// `expected`, in this order.
pub fn exact(select: Select, expected: &[&str]) -> Rule {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    Rule::custom(move |lines| {
        let items = select.items(lines);
        let got: Vec<String> = items
            .iter()
            .map(|i| {
                if i.kind == interleaving::select::LINES {
                    i.value.clone()
                } else {
                    format!("{} {}", i.kind, i.value)
                }
            })
            .collect();
        same(
            "exact-sequence",
            &format!("`{select}` is exactly {expected:?}, in this order"),
            &expected,
            &got,
            items.iter().map(|i| i.line).collect(),
        )
    })
}

fn same(rule: &str, statement: &str, want: &[String], got: &[String], at: Vec<usize>) -> Outcome {
    if want == got {
        return Outcome::Held;
    }
    let k = want.iter().zip(got).take_while(|(a, b)| a == b).count();
    violated(
        rule,
        statement,
        format!("{want:?}"),
        format!("{got:?}: first difference at position {k}"),
        at.get(k).copied().into_iter().collect(),
    )
}

fn violated(
    rule: &str,
    statement: &str,
    expected: String,
    got: String,
    lines: Vec<usize>,
) -> Outcome {
    Outcome::Violated(Violation {
        rule: rule.into(),
        statement: statement.into(),
        expected,
        got,
        lines,
    })
}

/// The events by `actor` of `kind` (any kind if empty).
fn of<'a>(lines: &'a [Line], actor: &'a str, kind: &'a str) -> impl Iterator<Item = &'a Line> {
    lines
        .iter()
        .filter(move |l| l.event.actor == actor && (kind.is_empty() || l.event.kind == kind))
}

fn describe(l: &Line) -> String {
    format!("{} {}", l.event.kind, l.event.value)
}

/// What `actor` did, in order, as `kind value`, with its output as whole lines
/// (`print <line>`) however it was written: one `print` event, or `write` fragments as
/// Python's `print` makes them ("Cool:Utkarsh", then a newline).
fn story(lines: &[Line], actor: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut partial = String::new();
    for l in of(lines, actor, "") {
        match l.event.kind.as_str() {
            shared::PRINT => out.push((format!("print {}", l.event.value), l.no)),
            shared::WRITE => {
                partial.push_str(&l.event.value);
                while let Some(end) = partial.find('\n') {
                    out.push((format!("print {}", &partial[..end]), l.no));
                    partial.drain(..=end);
                }
            }
            _ => out.push((describe(l), l.no)),
        }
    }
    out
}

/// `actor`'s [`story`] is exactly `expected`, in this order.
fn story_is(actor: &'static str, expected: &[&str]) -> Rule {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    Rule::custom(move |lines| {
        let (got, at): (Vec<String>, Vec<usize>) = story(lines, actor).into_iter().unzip();
        same(
            "exact-sequence",
            &format!("what {actor} did is exactly {expected:?}, in this order"),
            &expected,
            &got,
            at,
        )
    })
}

/// `'it\'s'` -> `it's`: undoes [`Repr`](crate::Repr) for a string.
fn unquote(repr: &str) -> String {
    let inner = repr
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(repr);
    inner.replace("\\'", "'").replace("\\\\", "\\")
}
