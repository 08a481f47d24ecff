//! The producer-consumer exercises' properties: the lesson's own, from its `properties`
//! builders, about the exercise's cell; and linearizability for a queue of the learner's own.

use interleaving::declare::events;
use interleaving::linear::{Model, linearizable};
use interleaving::{Property, Rule};
use producer_consumer::kinds;
use producer_consumer::properties as lesson;

use super::from_lesson;

/// `consumer-never-ends`: the notebook cell's properties, the consumer ending cleanly first.
pub fn consumer_never_ends(exercise: &str) -> Vec<Property> {
    from_lesson(
        lesson::properties(),
        "producer-consumer",
        &[
            "consumer-ends-cleanly",
            "consumed-equals-published",
            "published-0-to-n-in-order",
            "every-get-after-its-put-began",
            "consumer-ends-after-shutdown",
        ],
        exercise,
    )
}

/// `task-done-forgotten`: the `task-done-join` cell's properties.
pub fn task_done_forgotten(exercise: &str) -> Vec<Property> {
    from_lesson(
        lesson::properties(),
        "task-done-join",
        &[
            "join-returns-after-every-task-done",
            "every-item-done-once",
            "workers-end-cleanly",
        ],
        exercise,
    )
}

/// `no-backpressure`: the `backpressure` cell's rule for a queue of `maxsize`, and FIFO.
pub fn no_backpressure(maxsize: usize) -> Vec<(&'static str, Rule)> {
    vec![
        ("put-waits-for-room", lesson::put_waits_for_room(maxsize)),
        (
            "bounded-fifo",
            events(kinds::PUT)
                .by("producer")
                .fifo(events(kinds::GET).by("consumer")),
        ),
        (
            "consumer-ends-cleanly",
            lesson::consumers_end_cleanly("shutdown"),
        ),
    ]
}

/// `two-lanes`: the learner's queue is a queue (linearizable against FIFO), nothing lost.
pub fn two_lanes() -> Vec<(&'static str, Rule)> {
    vec![
        ("linearizable", linearizable(Model::Fifo)),
        (
            "nothing-lost-nothing-twice",
            events(kinds::PUT).no_loss_no_dup(events(kinds::GET)),
        ),
    ]
}
