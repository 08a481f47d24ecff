//! What every run of the multiprocessing lesson must show (SPEC section 4), and what may vary.
//!
//! Asserted: each child's square exactly once; "Hello" exactly once; "Hello World" after every
//! child's output; children in distinct processes; exit codes as Python reports them; a
//! child's writes invisible to the parent; the buffer trap's text exactly twice, once when
//! flushed; `Pool.map` in input order; the queue's FIFO order, nothing lost. Observed: where
//! "Hello" fell, what fork and spawn cost, the pool's completion order and speedup.

use interleaving::read::Line;
use interleaving::{Outcome, Property, Rule, Select};

use crate::cells::{
    EXIT_CODES, FORK_BUFFER, JOIN_WAITS, LESSON, POOL_MAP, QUEUE, SEPARATE_MEMORY, SPAWN,
    SPAWN_PITFALL, START_HELLO,
};
use crate::kinds;
use interleaving::rule::violated;

mod fork_with_threads;

/// The squares the default run's children print: "1", "4", "9", "16", "25".
pub fn squares(children: u64) -> Vec<String> {
    (1..=children).map(|n| (n * n).to_string()).collect()
}

fn lines_by(actor: &str) -> Select {
    Select::lines().by(actor)
}

fn exactly(select: Select, values: &[&str]) -> Rule {
    Rule::Multiset {
        select,
        expected: values.iter().map(|v| v.to_string()).collect(),
    }
}

/// The `measure` events of main, `what=micros`, as an observation.
fn measured(lines: &[Line]) -> Outcome {
    let got: Vec<String> = Select::kind(kinds::MEASURE)
        .by("main")
        .items(lines)
        .into_iter()
        .map(|i| i.value)
        .collect();
    if got.is_empty() {
        Outcome::Observed("nothing measured".into())
    } else {
        Outcome::Observed(got.join(", "))
    }
}

/// The children's squares and "Hello": the properties of In [5], for fork and spawn.
fn start_props(cell: &str, main_line: &str, out: &mut Vec<Property>) {
    let children = || lines_by("child-*");
    out.push(
        Property::new(
            "each-square-printed-once",
            Rule::with_knobs(move |k| {
                Ok(Rule::Multiset {
                    select: children(),
                    expected: squares(k.u64("children")?),
                })
            }),
        )
        .in_cell(cell),
    );
    out.push(
        Property::new(
            "children-are-distinct-processes",
            Rule::DistinctPids { select: children() },
        )
        .in_cell(cell),
    );
    out.push(
        Property::new(
            "children-are-not-the-parent",
            Rule::DistinctPids {
                // child-1's square and one line of main's: two processes.
                select: Select::lines()
                    .by("child-1|main")
                    .value(&format!("1|{main_line}")),
            },
        )
        .in_cell(cell),
    );
}

/// "Hello" exactly once, anywhere among the squares: where it fell is recorded.
fn hello_props(cell: &str, out: &mut Vec<Property>) {
    out.push(
        Property::new(
            "hello-printed-once",
            Rule::Count {
                select: Select::lines().value("Hello"),
                n: 1,
            },
        )
        .in_cell(cell),
    );
    out.push(
        Property::new(
            "where-hello-fell",
            Rule::Position {
                of: lines_by("main").value("Hello"),
                among: lines_by("child-*"),
            },
        )
        .in_cell(cell),
    );
}

/// "Hello World" after every square: the property of In [6], for fork and spawn.
fn join_props(cell: &str, out: &mut Vec<Property>) {
    out.push(
        Property::new(
            "hello-world-after-every-child",
            Rule::HappensBefore {
                before: lines_by("child-*"),
                after: lines_by("main").value("Hello World"),
            },
        )
        .in_cell(cell),
    );
    out.push(
        Property::new(
            "hello-world-printed-once",
            Rule::Count {
                select: Select::lines().value("Hello World"),
                n: 1,
            },
        )
        .in_cell(cell),
    );
    out.push(Property::new("start-join-cost", Rule::custom(measured)).in_cell(cell));
}

/// Every property of the lesson, cell by cell, for its default run (`--trace`, no flags).
///
/// ```
/// use interleaving::{check, Event, Trace};
/// // A run in which main forgot to join: "Hello World" beats child-5's square.
/// let trace = Trace::from_events([
///     Event::new(0, 0, 1, "lesson", "cell", "join-waits"),
///     Event::new(0, 0, 1, "main", "print", "Hello World"),
///     Event::new(0, 0, 7, "child-5", "print", "25"),
/// ]);
/// let report = check(&trace, &multiprocessing::properties::properties());
/// assert!(report.violations().any(|v| v.property == "hello-world-after-every-child"));
/// ```
pub fn properties() -> Vec<Property> {
    let mut out = Vec::new();
    for cell in LESSON.cells {
        out.push(
            Property::new(
                format!("per-actor-order-in-{}", cell.name),
                Rule::PerActorOrder,
            )
            .in_cell(cell.name),
        );
    }

    // In [1]-[5] and In [6], with fork; then both with spawn.
    start_props(START_HELLO, "Hello", &mut out);
    hello_props(START_HELLO, &mut out);
    start_props(JOIN_WAITS, "Hello World", &mut out);
    join_props(JOIN_WAITS, &mut out);
    start_props(SPAWN, "Hello", &mut out);
    hello_props(SPAWN, &mut out);
    join_props(SPAWN, &mut out);

    // The spawn pitfall.
    out.push(
        Property::new(
            "unregistered-task-exits-1-registered-exits-0",
            exactly(
                lines_by("main"),
                &[
                    "unregistered task: exitcode=1",
                    "registered task: exitcode=0",
                ],
            ),
        )
        .in_cell(SPAWN_PITFALL),
    );
    out.push(
        Property::new(
            "child-says-it-cannot-find-the-task",
            exactly(
                Select::kind(kinds::ERROR).by("child-3"),
                &["can't find task 'notebook::showSquare' in this binary"],
            ),
        )
        .in_cell(SPAWN_PITFALL),
    );
    out.push(
        Property::new(
            "only-the-registered-task-prints",
            exactly(lines_by("child-3"), &["9"]),
        )
        .in_cell(SPAWN_PITFALL),
    );

    // Exit codes.
    out.push(
        Property::new(
            "exit-codes-as-python-reports-them",
            exactly(
                lines_by("main"),
                &[
                    "returns: exitcode=0",
                    "panics: exitcode=1",
                    "exits-8: exitcode=8",
                    "terminated: exitcode=-15",
                    "killed: exitcode=-9",
                ],
            ),
        )
        .in_cell(EXIT_CODES),
    );

    // Separate memory.
    out.push(
        Property::new(
            "child-sees-its-own-append",
            exactly(
                lines_by("child"),
                &["child after append: data = [1, 2, 3, 4]"],
            ),
        )
        .in_cell(SEPARATE_MEMORY),
    );
    out.push(
        Property::new(
            "parent-copy-unchanged",
            exactly(lines_by("main"), &["parent after join: data = [1, 2, 3]"]),
        )
        .in_cell(SEPARATE_MEMORY),
    );
    out.push(
        Property::new(
            "child-runs-in-another-process",
            Rule::DistinctPids {
                select: Select::lines().by("child|main"),
            },
        )
        .in_cell(SEPARATE_MEMORY),
    );

    // The fork + buffer trap.
    let trap = "trap: printed once, before fork";
    let fix = "fix: printed once, before fork";
    out.push(
        Property::new(
            "unflushed-line-comes-out-twice",
            Rule::Count {
                select: Select::lines().value(trap),
                n: 2,
            },
        )
        .in_cell(FORK_BUFFER),
    );
    out.push(
        Property::new(
            "unflushed-copies-from-two-processes",
            Rule::DistinctPids {
                select: Select::lines().value(trap),
            },
        )
        .in_cell(FORK_BUFFER),
    );
    out.push(
        Property::new(
            "flushed-line-comes-out-once",
            Rule::Count {
                select: Select::lines().value(fix),
                n: 1,
            },
        )
        .in_cell(FORK_BUFFER),
    );

    // Pool.map.
    out.push(
        Property::new(
            "pool-map-keeps-input-order",
            exactly(
                lines_by("main").value("same results, same order as sequential: *"),
                &["same results, same order as sequential: true"],
            ),
        )
        .in_cell(POOL_MAP),
    );
    out.push(
        Property::new(
            "every-item-done-once",
            exactly(Select::kind(kinds::DONE), &["0", "1", "2", "3", "4"]),
        )
        .in_cell(POOL_MAP),
    );
    out.push(
        Property::new(
            "pool-work-in-worker-processes",
            Rule::custom(work_elsewhere),
        )
        .in_cell(POOL_MAP),
    );
    out.push(
        Property::new("pool-completion-order", Rule::custom(completion_order)).in_cell(POOL_MAP),
    );
    out.push(Property::new("pool-speedup", Rule::custom(speedup)).in_cell(POOL_MAP));

    // The queue between two processes.
    let puts = || Select::kind(kinds::PUT).by("producer");
    let gets = || Select::kind(kinds::GET).by("consumer");
    out.push(
        Property::new(
            "published-0-to-n",
            Rule::with_knobs(move |k| {
                Ok(Rule::Sequence {
                    select: puts(),
                    expected: (0..k.u64("items")?).map(|i| i.to_string()).collect(),
                })
            }),
        )
        .in_cell(QUEUE),
    );
    out.push(
        Property::new(
            "consumed-equals-published-in-order",
            Rule::Fifo {
                produced: puts(),
                consumed: gets(),
            },
        )
        .in_cell(QUEUE),
    );
    out.push(
        Property::new(
            "nothing-lost-nothing-duplicated",
            Rule::NoLossNoDup {
                produced: puts(),
                consumed: gets(),
            },
        )
        .in_cell(QUEUE),
    );
    out.push(Property::new("every-get-after-its-put", Rule::custom(get_after_put)).in_cell(QUEUE));
    out.push(
        Property::new(
            "consumer-ends-cleanly",
            Rule::HappensBefore {
                before: Select::any().by("consumer|producer"),
                after: lines_by("main").value("producer exitcode=0, consumer exitcode=0"),
            },
        )
        .in_cell(QUEUE),
    );
    out.push(
        Property::new(
            "consumer-says-done-last",
            Rule::HappensBefore {
                before: gets(),
                after: lines_by("consumer").value("Consumer done"),
            },
        )
        .in_cell(QUEUE),
    );
    out.extend(fork_with_threads::properties());
    out
}

/// Every `done` event comes from a process other than main's: the pool really used workers.
fn work_elsewhere(lines: &[Line]) -> Outcome {
    let statement = "every pool item is done in a worker process, not in main's";
    let main_pids: Vec<u32> = Select::any()
        .by("main")
        .items(lines)
        .iter()
        .map(|i| i.pid)
        .collect();
    let done = Select::kind(kinds::DONE).items(lines);
    if done.is_empty() {
        return violated(
            "custom",
            statement,
            "at least one done event".into(),
            "none".into(),
            vec![],
        );
    }
    match done.iter().find(|d| main_pids.contains(&d.pid)) {
        None => Outcome::Held,
        Some(d) => violated(
            "custom",
            statement,
            "a worker's pid".into(),
            format!("{} in main's process {}", d.quote(), d.pid),
            vec![d.line],
        ),
    }
}

/// Observation: the order in which pool items finished.
fn completion_order(lines: &[Line]) -> Outcome {
    let order: Vec<String> = Select::kind(kinds::DONE)
        .items(lines)
        .into_iter()
        .map(|i| i.value)
        .collect();
    Outcome::Observed(format!("items finished in order {}", order.join(",")))
}

/// Observation: sequential time over pool time, in this run.
fn speedup(lines: &[Line]) -> Outcome {
    let get = |what: &str| -> Option<f64> {
        Select::kind(kinds::MEASURE)
            .by("main")
            .items(lines)
            .iter()
            .find_map(|i| i.value.strip_prefix(what)?.strip_prefix('=')?.parse().ok())
    };
    match (get("sequential_us"), get("pool_us")) {
        (Some(s), Some(p)) if p > 0.0 => Outcome::Observed(format!("{:.2}x", s / p)),
        _ => Outcome::Observed("not measured".into()),
    }
}

/// Every `get(i)` comes after the `put(i)` that carried it began (each value is put once).
fn get_after_put(lines: &[Line]) -> Outcome {
    let statement = "every get(i) by consumer comes after put(i) by producer began";
    let puts = Select::kind(kinds::PUT).by("producer").items(lines);
    for g in Select::kind(kinds::GET).by("consumer").items(lines) {
        match puts.iter().find(|p| p.value == g.value) {
            Some(p) if p.line < g.line => {}
            found => {
                return violated(
                    "custom",
                    statement,
                    format!("put {:?} before {}", g.value, g.quote()),
                    match found {
                        Some(p) => format!("{} comes after it", p.quote()),
                        None => "no such put".into(),
                    },
                    found.iter().map(|p| p.line).chain([g.line]).collect(),
                );
            }
        }
    }
    Outcome::Held
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec()
}
