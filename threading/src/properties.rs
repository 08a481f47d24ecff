//! What every run of the threading lesson must show (SPEC section 4), and what may vary.
//!
//! The rules the declarations cannot say are folds (`interleaving::fold`), each in its file
//! beside this one, keeping only what is in flight as the trace streams.

use std::sync::Arc;

use interleaving::declare::{cell, events, lines};
use interleaving::printed::{Printed, printed};
use interleaving::rule::violated;
use interleaving::{Outcome, Property, Rule, kinds};

use crate::cells::{
    JOIN_TIMEOUT, NO_GIL, PYTHON_ERRORS, SCOPE_NAME_PANIC, SEMAPHORE, SHARED_COUNTER, SQUARE_CUBE,
    TORN_LINES,
};
use crate::kinds as my;
use counter::{CountOf, Judge, count_in};
use in_order::InOrder;
use primes::{SameAnswer, SharesAddUp, Speedup};
use torn_by::{Torn, TornBy};

mod counter;
mod in_order;
mod primes;
mod primitives;
mod printed_lines;
mod printed_measured;
mod printed_primitives;
mod torn_by;

/// Every property of the lesson, cell by cell.
///
/// ```
/// use interleaving::{check, Event, Trace};
/// // A run in which main forgot to join: the second "Hello" beats the cube.
/// let trace = Trace::from_events([
///     Event::new(0, 0, 1, "lesson", "cell", "square-cube"),
///     Event::new(0, 0, 1, "main", "print", "Hello"),
///     Event::new(1, 0, 1, "main", "print", "Hello"),
///     Event::new(0, 0, 1, "cube", "print", "Cube: 27"),
/// ]);
/// let report = check(&trace, &threading::properties::properties());
/// assert!(!report.is_ok());
/// ```
pub fn properties() -> Vec<Property> {
    let mut all = square_cube();
    all.extend(torn_lines_cell());
    all.extend(shared_counter());
    all.extend(no_gil());
    all.extend(scope_name_panic());
    all.extend(semaphore_and_join_timeout());
    all.extend(primitives::properties());
    all.extend(python_errors());
    all.extend(printed_lines::properties());
    all.extend(printed_measured::properties());
    all.extend(printed_primitives::properties());
    all
}

/// In [7]-[12]: the notebook's own claims.
fn square_cube() -> Vec<Property> {
    let threads = || lines().by("square|cube");
    let hello = || lines().by("main").value("Hello");
    let joins = || events(kinds::JOIN).by("main");
    cell(
        SQUARE_CUBE,
        [
            (
                "square-printed-once",
                lines().by("square").exactly(["Square: 4"]),
            ),
            (
                "cube-printed-once",
                lines().by("cube").exactly(["Cube: 27"]),
            ),
            (
                "main-prints-hello-twice",
                lines().by("main").exactly(["Hello", "Hello"]),
            ),
            (
                "first-hello-before-the-joins",
                hello().first().before(joins()),
            ),
            (
                "join-waits-for-square",
                lines().by("square").before(joins().value("square")),
            ),
            (
                "join-waits-for-cube",
                lines().by("cube").before(joins().value("cube")),
            ),
            (
                "second-hello-after-the-joins",
                joins().before(hello().nth(1)),
            ),
            ("second-hello-last", threads().before(hello().nth(1))),
            (
                "where-the-first-hello-fell",
                hello().first().position_among(threads()),
            ),
            ("torn-lines", Rule::TornLines),
        ],
    )
}

/// "No line by `pattern` is torn", asserted.
fn never_torn(pattern: &'static str) -> Rule {
    Rule::fold(move || TornBy::new(pattern, Torn::Never))
}

/// Cell 2: every thread's lines whole and in order, whatever the style; the lock and
/// `println!` never tear; pieces may (observed).
fn torn_lines_cell() -> Vec<Property> {
    // The six threads' lines are compared as they come, so the count must be known first.
    let whole_and_in_order = Rule::with_knobs(|k| {
        let n = k.get("lines");
        Ok(Rule::fold(move || InOrder::new(n)))
    });
    let torn_pieces = Rule::fold(|| TornBy::new("pieces-*", Torn::Observed));
    cell(
        TORN_LINES,
        [
            (
                "each-thread-prints-its-lines-whole-and-in-order",
                whole_and_in_order,
            ),
            ("println-lines-never-torn", never_torn("whole-*")),
            ("locked-lines-never-torn", never_torn("locked-*")),
            ("lines-torn-when-printed-in-pieces", torn_pieces),
            // Each of the six threads prints its n lines, each with its closing newline.
            (
                "printed-lines",
                printed(|k| {
                    let n = k.u64("lines")?;
                    let squares: Vec<String> =
                        (1..=n).map(|i| format!("Square: {}", i * i)).collect();
                    let cubes: Vec<String> =
                        (1..=n).map(|i| format!("Cube: {}", i * i * i)).collect();
                    Ok(["pieces", "whole", "locked"]
                        .iter()
                        .fold(Printed::new(), |p, how| {
                            p.by(&format!("{how}-square"), &squares)
                                .by(&format!("{how}-cube"), &cubes)
                        }))
                }),
            ),
        ],
    )
}

/// "The `how` counter ended as `ok(expected, got)` says", asserted.
fn counter_rule(how: &'static str, statement: &'static str, ok: fn(u64, u64) -> bool) -> Rule {
    let judge: Judge = Arc::new(move |found| match found {
        None => violated(
            "counter",
            statement,
            format!("a `count {how} expected=N got=M` by main"),
            "none".into(),
            vec![],
        ),
        Some((_, e, g)) if ok(e, g) => Outcome::Held,
        Some((at, e, g)) => violated(
            "counter",
            statement,
            format!("{how}: expected={e}"),
            format!("got={g}"),
            vec![at],
        ),
    });
    Rule::fold(move || CountOf::new(how, judge.clone()))
}

/// Cell 3: the Mutex and atomic counters exact, the racy one never above; its losses observed.
fn shared_counter() -> Vec<Property> {
    let lost: Judge = Arc::new(|found| match found {
        None => Outcome::Observed("absent".into()),
        Some((_, e, g)) => Outcome::Observed(format!(
            "lost {} of {e} ({:.1}%)",
            e.saturating_sub(g),
            100.0 * e.saturating_sub(g) as f64 / e.max(1) as f64
        )),
    });
    let lost = Rule::fold(move || CountOf::new("racy", lost.clone()));
    let exact = |e, g| e == g;
    cell(
        SHARED_COUNTER,
        [
            (
                "three-counters-reported",
                events(my::COUNT).by("main").count(3),
            ),
            (
                "mutex-counter-exact",
                counter_rule("mutex", "the Mutex counter ends at threads * adds", exact),
            ),
            (
                "atomic-counter-exact",
                counter_rule(
                    "atomic",
                    "the fetch_add counter ends at threads * adds",
                    exact,
                ),
            ),
            (
                "racy-counter-never-gains",
                counter_rule(
                    "racy",
                    "the racy counter may lose adds but never ends above threads * adds",
                    |e, g| g <= e && g > 0,
                ),
            ),
            ("racy-counter-lost-updates", lost),
        ],
    )
}

/// Cell 4: splitting the job never changes the answer; the speedup is only observed.
fn no_gil() -> Vec<Property> {
    let same = Rule::fold(SameAnswer::default);
    let shares = Rule::fold(SharesAddUp::default);
    let speedup = Rule::fold(Speedup::default);
    let parallel = events(my::PRIMES).by("main").value("parallel=*");
    cell(
        NO_GIL,
        [
            ("parallel-count-equals-sequential", same),
            ("worker-shares-add-up-to-the-total", shares),
            (
                "workers-finish-before-the-parallel-total",
                events(kinds::EXIT).by("worker-*").before(parallel),
            ),
            ("measured-speedup", speedup),
        ],
    )
}

/// Cell 5: scoped threads finish inside the scope; a named thread knows its name; a panic
/// comes back from `join` and main goes on.
fn scope_name_panic() -> Vec<Property> {
    let halves = || lines().by("left|right");
    let main_line = |v: &str| lines().by("main").value(v);
    let panic = || events(my::PANIC).by("main");
    cell(
        SCOPE_NAME_PANIC,
        [
            (
                "scoped-threads-sum-their-halves",
                halves().exactly([
                    "left: sum of [1, 2, 3, 4, 5] = 15",
                    "right: sum of [6, 7, 8, 9, 10] = 40",
                ]),
            ),
            (
                "scope-ends-after-its-threads",
                halves().before(main_line("total = 55*")),
            ),
            (
                "named-thread-knows-its-name",
                lines().by("reporter").exactly(["my name is reporter"]),
            ),
            (
                "join-returns-the-panic-message",
                panic().exactly(["attempt to divide by zero"]),
            ),
            (
                "join-returns-after-the-panicking-thread-ran",
                lines().by("doomed").before(panic()),
            ),
            (
                "main-goes-on-after-the-panic",
                panic().before(main_line("main goes on")),
            ),
        ],
    )
}

/// The semaphore and join-timeout cells (the other primitives are in [`primitives`]).
fn semaphore_and_join_timeout() -> Vec<Property> {
    let enter = |who: &str| events(my::ENTER).by(who);
    let leave = |who: &str| events(my::LEAVE).by(who);
    let set_by = |who: &str| events(my::SET).by(who);
    let main_says = |v: &str| lines().by("main").value(v);
    let sleeper = || lines().by("sleeper");
    [
        cell(
            SEMAPHORE,
            [
                (
                    "at-most-two-hold-a-permit",
                    enter("sem-*").bounded(leave("sem-*"), 2),
                ),
                (
                    "every-permit-returned",
                    lines()
                        .by("main")
                        .exactly(["all done, 2 permits free again"]),
                ),
                (
                    "most-inside-the-semaphore",
                    enter("sem-*").peak_inside(leave("sem-*")),
                ),
            ],
        ),
        cell(
            JOIN_TIMEOUT,
            [
                (
                    "short-join-returns-while-the-thread-waits",
                    main_says("join(timeout=0.02): still running*").before(sleeper()),
                ),
                (
                    "sleeper-wakes-only-after-set",
                    set_by("main").before(sleeper()),
                ),
                (
                    "long-join-finds-it-finished",
                    sleeper().before(main_says("join(timeout=60): finished*")),
                ),
            ],
        ),
    ]
    .concat()
}

/// Cell 7: the table of Python's run-time errors, each printed once.
fn python_errors() -> Vec<Property> {
    let expected = crate::python_errors::TABLE
        .iter()
        .flat_map(|(py, rs, code)| [format!("Python: {py}"), format!("  Rust: {rs} [{code}]")]);
    cell(
        PYTHON_ERRORS,
        [(
            "every-python-error-has-a-rust-answer",
            lines().by("main").exactly(expected),
        )],
    )
}

/// The lesson as the checker sees it: its name and cells; `join` is its wait.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec()
}
