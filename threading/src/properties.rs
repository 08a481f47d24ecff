//! What every run of the threading lesson must show (SPEC section 4), and what may vary.

use interleaving::{Property, Rule, Select, kinds};

use crate::cells::SQUARE_CUBE;

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
    let threads = || Select::lines().by("square|cube");
    let hello = || Select::lines().by("main").value("Hello");
    let joins = || Select::kind(kinds::JOIN).by("main");
    vec![
        Property::new("per-actor-order", Rule::PerActorOrder),
        Property::new(
            "square-printed-once",
            Rule::Multiset {
                select: Select::lines().by("square"),
                expected: vec!["Square: 4".into()],
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "cube-printed-once",
            Rule::Multiset {
                select: Select::lines().by("cube"),
                expected: vec!["Cube: 27".into()],
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "main-prints-hello-twice",
            Rule::Multiset {
                select: Select::lines().by("main"),
                expected: vec!["Hello".into(), "Hello".into()],
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "first-hello-before-the-joins",
            Rule::HappensBefore {
                before: hello().first(),
                after: joins(),
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "join-waits-for-square",
            Rule::HappensBefore {
                before: Select::lines().by("square"),
                after: joins().value("square"),
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "join-waits-for-cube",
            Rule::HappensBefore {
                before: Select::lines().by("cube"),
                after: joins().value("cube"),
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "second-hello-after-the-joins",
            Rule::HappensBefore {
                before: joins(),
                after: hello().nth(1),
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "second-hello-last",
            Rule::HappensBefore {
                before: threads(),
                after: hello().nth(1),
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new(
            "where-the-first-hello-fell",
            Rule::Position {
                of: hello().first(),
                among: threads(),
            },
        )
        .in_cell(SQUARE_CUBE),
        Property::new("torn-lines", Rule::TornLines).in_cell(SQUARE_CUBE),
    ]
}
