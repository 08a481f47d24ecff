//! The distributed exercises' properties: a worker really was killed mid-item, and still
//! every item's effect happened, exactly once.

use interleaving::Rule;
use interleaving::declare::events;

/// Every item's `kind` event exactly once, and the one kill the exercise is about.
fn once_each(kind: &str, items: u64) -> Vec<(&'static str, Rule)> {
    vec![
        ("a-worker-was-killed-mid-item", events("killed").count(1)),
        (
            "every-items-effect-exactly-once",
            events(kind).exactly((0..items).map(|i| i.to_string())),
        ),
    ]
}

/// `ack-before-work`: every item stored, though a worker died holding one.
pub fn ack_before_work(items: u64) -> Vec<(&'static str, Rule)> {
    once_each("stored", items)
}

/// `non-idempotent-sink`: every item's effect once, though one was delivered twice.
pub fn non_idempotent_sink(items: u64) -> Vec<(&'static str, Rule)> {
    once_each("effect", items)
}
