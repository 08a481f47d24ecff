//! The guarantees of the lib's Python primitives, as the lock, rlock, condition, event and
//! barrier cells show them: one holder at a time, at most `n` woken per `notify(n)`, every
//! waiter woken by a `set()` even after `clear()`, a distinct index for every waiter of a
//! barrier round and its action once per round. Bounds come from each cell's `knob` event.
//!
//! Each rule of its own is a fold (`interleaving::fold`), in its file beside this one: it
//! keeps what is in flight as the trace streams, never the lines it read.

use interleaving::declare::{cell, events, field, lines as output};
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Property, Rule};

use crate::cells::{BARRIER, CONDITION, EVENT, LOCK, RLOCK};
use crate::kinds as my;
use action_between::ActionBetween;
use action_once::ActionOnce;
use items_once::EveryItem;
use notify::AtMostN;
use reentry::Reentered;
use rlock_owner::OneOwner;
use round_indices::DistinctIndices;
use waiters_woken::AllTrue;

mod action_between;
mod action_once;
mod items_once;
mod notify;
mod reentry;
mod rlock_owner;
mod round_indices;
mod waiters_woken;

/// Every property of the five cells.
pub fn properties() -> Vec<Property> {
    let mut all = lock();
    all.extend(rlock());
    all.extend(condition());
    all.extend(event());
    all.extend(barrier());
    all
}

/// A rule that needs knob `key`: fails plainly if the cell did not declare it.
fn missing_knob(rule: &str, key: &str) -> Outcome {
    violated(
        rule,
        &format!("the cell declares its `{key}` knob"),
        format!("a knob event with {key}=N"),
        "none".into(),
        vec![],
    )
}

/// "`main` printed exactly these lines" (and nothing else matching `pattern`).
fn main_says(pattern: &str, lines: &[&str]) -> Rule {
    output()
        .by("main")
        .value(pattern)
        .exactly(lines.iter().copied())
}

/// Lock cell: one thread inside at a time; free after a panic; releasable by another thread.
fn lock() -> Vec<Property> {
    let turns = ["lock-a", "lock-b"]
        .iter()
        .flat_map(|w| (1..=3).map(move |i| format!("{w}: turn {i}")));
    cell(
        LOCK,
        [
            (
                "one-thread-inside-the-lock",
                events(my::ENTER)
                    .by("lock-*")
                    .bounded(events(my::LEAVE).by("lock-*"), 1),
            ),
            ("every-turn-taken", output().by("lock-*").exactly(turns)),
            (
                "lock-free-after-a-panic-inside-it",
                main_says(
                    "after the panic:*",
                    &["after the panic: lock.acquire(timeout=1) returned True"],
                ),
            ),
            (
                "lock-released-by-another-thread",
                main_says(
                    "released by another thread:*",
                    &["released by another thread: True; acquire(blocking=False) returned True"],
                ),
            ),
        ],
    )
}

/// RLock cell: one owner at a time, however deep it re-enters; a non-owner's release fails.
fn rlock() -> Vec<Property> {
    let one_owner = Rule::fold(OneOwner::default);
    let reentered = Rule::fold(Reentered::default);
    cell(
        RLOCK,
        [
            ("one-rlock-owner-at-a-time", one_owner),
            ("every-thread-reenters-to-the-full-depth", reentered),
            (
                "release-by-a-non-owner-is-an-error",
                main_says(
                    "release()*",
                    &["release() without owning it: RuntimeError: cannot release un-acquired lock"],
                ),
            ),
        ],
    )
}

/// Condition cell: never more wake-ups than notify handed out, and no `notify(n)` woke more
/// than `n`; every item taken exactly once, after it was put.
fn condition() -> Vec<Property> {
    let at_most_n = Rule::fold(AtMostN::default);
    let every_item = Rule::fold(EveryItem::default);
    cell(
        CONDITION,
        [
            ("at-most-n-woken-per-notify", at_most_n),
            ("every-item-taken-once-after-its-put", every_item),
        ],
    )
}

/// Event cell: nobody returns before `set`; every waiter returns True despite the `clear`.
fn event() -> Vec<Property> {
    let all_true = Rule::fold(AllTrue::default);
    cell(
        EVENT,
        [
            (
                "event-waiters-wake-only-after-set",
                events(my::SET).by("main").before(output().by("event-*")),
            ),
            ("set-then-clear-wakes-every-waiter", all_true),
            (
                "cleared-event-wait-times-out-false",
                main_says(
                    "after clear()*",
                    &["after clear(): wait(0.01) returned False"],
                ),
            ),
        ],
    )
}

/// The round of an `index` or `action` event of the barrier cell: its `round=R` field.
fn round_of(l: &Line) -> Option<u64> {
    field(&l.event.value, "round").and_then(|r| r.parse().ok())
}

/// Barrier cell: distinct indices per round, the action once per round between the round's
/// arrivals and its passes, and `abort()` breaks every waiter.
fn barrier() -> Vec<Property> {
    let distinct = Rule::fold(DistinctIndices::default);
    let once = Rule::fold(ActionOnce::default);
    let between = Rule::fold(ActionBetween::default);
    cell(
        BARRIER,
        [
            ("every-waiter-of-a-round-gets-a-distinct-index", distinct),
            ("the-action-runs-once-per-round", once),
            (
                "the-action-runs-after-the-rounds-arrivals-before-its-passes",
                between,
            ),
            (
                "abort-breaks-every-waiter",
                output().by("stranded-*").exactly([
                    "stranded-1: BrokenBarrierError",
                    "stranded-2: BrokenBarrierError",
                ]),
            ),
        ],
    )
}
