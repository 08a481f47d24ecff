//! The threading exercises' properties: a counter exact, lines whole, balances kept, nothing
//! taken from an empty buffer, no waiter missing a `set`.

use interleaving::Rule;
use interleaving::declare::{events, lines};

use super::reported_exact;
use super::whole_lines::WholeLines;

/// `lost-update`: the shared counter ends at threads * adds.
pub fn lost_update() -> Vec<(&'static str, Rule)> {
    vec![("counter-is-exact", reported_exact("count", "the counter"))]
}

/// `torn-output`: every line whole, and each thread's lines all there, in order.
pub fn torn_output(lines_each: u64) -> Vec<(&'static str, Rule)> {
    let whole = Rule::fold(WholeLines::new);
    let squares = (1..=lines_each).map(|k| format!("Square: {}", k * k));
    let cubes = (1..=lines_each).map(|k| format!("Cube: {}", k * k * k));
    vec![
        ("lines-are-whole", whole),
        (
            "square-lines-in-order",
            lines().by("square").sequence(squares),
        ),
        ("cube-lines-in-order", lines().by("cube").sequence(cubes)),
    ]
}

/// `lock-order`: both transfers happened and the money is all there.
pub fn lock_order() -> Vec<(&'static str, Rule)> {
    vec![
        (
            "both-transfers-done",
            events("transfer").exactly(["a-to-b", "b-to-a"]),
        ),
        ("money-kept", lines().by("main").exactly(["a=100 b=100"])),
    ]
}

/// `condition-if`: no consumer ever takes from an empty buffer, and every item is taken once.
pub fn condition_if(items: u64) -> Vec<(&'static str, Rule)> {
    vec![
        ("never-takes-from-empty", events("empty").count(0)),
        (
            "every-item-taken-once",
            events("got").exactly((0..items).map(|i| i.to_string())),
        ),
    ]
}

/// `set-then-clear`: every waiter returns from `wait` after the `set`.
pub fn set_then_clear(waiters: usize) -> Vec<(&'static str, Rule)> {
    vec![("every-waiter-wakes", events("woke").count(waiters))]
}
