//! The multiprocessing exercises' properties: the lesson's own `join-waits` claims, and the
//! parent seeing what its children computed, no child left a zombie, every spawned child
//! finding its task.

use interleaving::declare::{events, lines};
use interleaving::{Property, Rule};

use super::from_lesson;

/// `never-joined`: the lesson's `join-waits` properties, about the exercise's cell.
pub fn never_joined(exercise: &str) -> Vec<Property> {
    from_lesson(
        multiprocessing::properties::properties(),
        "join-waits",
        &[
            "each-square-printed-once",
            "children-are-distinct-processes",
            "hello-world-after-every-child",
            "hello-world-printed-once",
        ],
        exercise,
    )
}

/// `shared-memory`: main reports the sum of its children's squares.
pub fn shared_memory(children: u64) -> Vec<(&'static str, Rule)> {
    let sum: u64 = (1..=children).map(|n| n * n).sum();
    vec![(
        "parent-sees-the-childrens-results",
        lines()
            .by("main")
            .exactly([format!("sum of squares = {sum}")]),
    )]
}

/// `zombies`: every child was reaped by the time main went on serving.
pub fn zombies(children: u64) -> Vec<(&'static str, Rule)> {
    vec![(
        "no-child-left-a-zombie",
        events(crate::zombies::CHILD_STATE)
            .exactly((1..=children).map(|n| format!("child-{n} reaped"))),
    )]
}

/// `spawn-pitfall`: no spawned child failed to find its task, and every one exited 0.
pub fn spawn_pitfall(children: u64) -> Vec<(&'static str, Rule)> {
    vec![
        (
            "every-child-finds-its-task",
            events(multiprocessing::kinds::ERROR).count(0),
        ),
        (
            "every-child-exits-0",
            lines()
                .by("main")
                .exactly((1..=children).map(|n| format!("child-{n} exitcode=0"))),
        ),
    ]
}
