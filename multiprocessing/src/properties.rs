//! What every run of the multiprocessing lesson must show (SPEC section 4), and what may vary.
//!
//! Asserted: each child's square exactly once; "Hello" exactly once; "Hello World" after every
//! child's output; children in distinct processes; exit codes as Python reports them; a
//! child's writes invisible to the parent; the buffer trap's text exactly twice, once when
//! flushed; `Pool.map` in input order; the queue's FIFO order, nothing lost; on every cell,
//! exactly the lines each actor prints (`printed-lines`). Observed: where
//! "Hello" fell, what fork and spawn cost, the pool's completion order and speedup. Counts
//! (children, items) come from each cell's `knob` event; per-actor order and "a joined child
//! is finished" are rules every trace gets.

use interleaving::declare::{cell, events, knobs, lines};
use interleaving::printed::{Printed, printed};
use interleaving::{LessonSpec, Property, Rule, Select};

use crate::cells::{
    EXIT_CODES, FORK_BUFFER, JOIN_WAITS, LESSON, POOL_MAP, QUEUE, SEPARATE_MEMORY, SPAWN,
    SPAWN_PITFALL, START_HELLO,
};
use crate::kinds;

mod fork_with_threads;
mod linearizability;
mod pool_map;
mod pool_run;
mod printed_lines;

pub use pool_map::primes_below;

/// The squares `children` children print: "1", "4", "9"...
pub fn squares(children: u64) -> Vec<String> {
    (1..=children).map(|n| (n * n).to_string()).collect()
}

/// Every property of the lesson, cell by cell, for any knob values.
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
    let children = || lines().by("child-*");
    let main = |v: &str| lines().by("main").value(v);
    let squares_once = || knobs(move |k| Ok(children().exactly(squares(k.u64("children")?))));
    // In [1]-[5] and In [6], with fork; then both with spawn.
    let start = |main_line: &'static str| {
        [
            ("each-square-printed-once", squares_once()),
            (
                "children-are-distinct-processes",
                children().distinct_pids(),
            ),
            // child-1's square and one line of main's: two processes.
            (
                "children-are-not-the-parent",
                lines()
                    .by("child-1|main")
                    .value(&format!("1|{main_line}"))
                    .distinct_pids(),
            ),
        ]
    };
    let hello = || {
        [
            ("hello-printed-once", lines().value("Hello").count(1)),
            ("where-hello-fell", main("Hello").position_among(children())),
        ]
    };
    let join = || {
        [
            (
                "hello-world-after-every-child",
                children().before(main("Hello World")),
            ),
            (
                "hello-world-printed-once",
                lines().value("Hello World").count(1),
            ),
            (
                "start-join-cost",
                events(kinds::MEASURE).by("main").measured(),
            ),
        ]
    };
    let puts = || events(kinds::PUT).by("producer");
    let gets = || events(kinds::GET).by("consumer");
    let trap = "trap: printed once, before fork";
    [
        cell(START_HELLO, start("Hello").into_iter().chain(hello())),
        cell(JOIN_WAITS, start("Hello World").into_iter().chain(join())),
        cell(
            SPAWN,
            start("Hello").into_iter().chain(hello()).chain(join()),
        ),
        cell(
            SPAWN_PITFALL,
            [
                (
                    "unregistered-task-exits-1-registered-exits-0",
                    lines().by("main").exactly([
                        "unregistered task: exitcode=1",
                        "registered task: exitcode=0",
                    ]),
                ),
                (
                    "child-says-it-cannot-find-the-task",
                    events(kinds::ERROR)
                        .by("child-3")
                        .exactly(["can't find task 'notebook::showSquare' in this binary"]),
                ),
                (
                    "only-the-registered-task-prints",
                    lines().by("child-3").exactly(["9"]),
                ),
            ],
        ),
        cell(
            EXIT_CODES,
            [(
                "exit-codes-as-python-reports-them",
                lines().by("main").exactly([
                    "returns: exitcode=0",
                    "panics: exitcode=1",
                    "exits-8: exitcode=8",
                    "terminated: exitcode=-15",
                    "killed: exitcode=-9",
                ]),
            )],
        ),
        cell(
            SEPARATE_MEMORY,
            [
                (
                    "child-sees-its-own-append",
                    lines()
                        .by("child")
                        .exactly(["child after append: data = [1, 2, 3, 4]"]),
                ),
                (
                    "parent-copy-unchanged",
                    lines()
                        .by("main")
                        .exactly(["parent after join: data = [1, 2, 3]"]),
                ),
                (
                    "child-runs-in-another-process",
                    lines().by("child|main").distinct_pids(),
                ),
            ],
        ),
        cell(
            FORK_BUFFER,
            [
                (
                    "unflushed-line-comes-out-twice",
                    lines().value(trap).count(2),
                ),
                (
                    "unflushed-copies-from-two-processes",
                    lines().value(trap).distinct_pids(),
                ),
                (
                    "flushed-line-comes-out-once",
                    lines().value("fix: printed once, before fork").count(1),
                ),
                (
                    "printed-lines",
                    printed(move |_| {
                        Ok(Printed::new()
                            .by("trap-child", [trap, "trap: the child's own line"])
                            .by(
                                "main",
                                [
                                    trap,
                                    "trap: the parent's own line",
                                    "fix: printed once, before fork",
                                    "fix: the parent's own line",
                                ],
                            )
                            .by("fix-child", ["fix: the child's own line"]))
                    }),
                ),
            ],
        ),
        cell(
            POOL_MAP,
            [
                (
                    "pool-map-keeps-input-order",
                    main("same results, same order as sequential: *")
                        .exactly(["same results, same order as sequential: true"]),
                ),
                (
                    "every-item-done-once",
                    events(kinds::DONE).exactly(["0", "1", "2", "3", "4"]),
                ),
                (
                    "pool-work-in-worker-processes",
                    Rule::fold(pool_run::WorkElsewhere::default),
                ),
                (
                    "pool-completion-order",
                    Rule::fold(pool_run::CompletionOrder::default),
                ),
                ("pool-speedup", Rule::fold(pool_run::Speedup::default)),
            ],
        ),
        cell(
            QUEUE,
            [
                (
                    "published-0-to-n",
                    knobs(
                        move |k| Ok(puts().sequence((0..k.u64("items")?).map(|i| i.to_string()))),
                    ),
                ),
                ("consumed-equals-published-in-order", puts().fifo(gets())),
                (
                    "nothing-lost-nothing-duplicated",
                    puts().no_loss_no_dup(gets()),
                ),
                (
                    "every-get-after-its-put",
                    puts().each_before_its_value(gets()),
                ),
                (
                    "printed-lines",
                    printed(|k| {
                        let items = 0..k.u64("items")?;
                        Ok(Printed::new()
                            .by("producer", items.clone().map(|i| format!("Published {i}")))
                            .by("consumer", items.map(|i| format!("Consumed {i}")))
                            .by("consumer", ["Consumer done"])
                            .by("main", ["producer exitcode=0, consumer exitcode=0"]))
                    }),
                ),
                (
                    "consumer-ends-cleanly",
                    Select::any()
                        .by("consumer|producer")
                        .before(main("producer exitcode=0, consumer exitcode=0")),
                ),
                (
                    "consumer-says-done-last",
                    gets().before(lines().by("consumer").value("Consumer done")),
                ),
            ],
        ),
        fork_with_threads::properties(),
        linearizability::properties(),
        pool_map::properties(),
        printed_lines::properties(),
    ]
    .concat()
}

/// The lesson as the checker sees it: its name and cells; `join` is its wait.
pub fn spec() -> LessonSpec {
    LESSON.spec()
}
