//! The lesson's own rules, over the trace lines of one cell. Each reads its bounds from the
//! cell's `knob` event, so it holds for any flag values in range.
//!
//! Each rule is a fold ([`interleaving::fold`]): it reads its cell a line at a time and keeps
//! what is in flight, never the lines. Each fold is a small file in `rules/`, named after
//! what it checks; `held.rs` (what the killed workers held), `cell_knobs.rs` and `shown.rs`
//! (the first few of a long list, for a message) serve several.

mod added;
mod at_least_once;
mod backlog;
mod beyond_the_dead;
mod cell_knobs;
mod delivered;
mod held;
mod map_order;
mod redelivered_after_kill;
mod redeliveries;
mod replies;
mod sink_skips;
mod stream_ids;
mod wait_resume;
mod workers_exit;

use interleaving::fold::Fold;
use interleaving::{Line, Outcome, Rule};

use crate::kinds;

pub(crate) use interleaving::shown::Shown;
pub(crate) use redeliveries::Redeliveries;

/// The item and the stream id of an entry tag `"ITEM ID"`.
pub fn split_tag(value: &str) -> (&str, &str) {
    value.split_once(' ').unwrap_or((value, ""))
}

/// A stream id `MS-SEQ` as a pair that sorts the way the stream does.
pub fn parse_id(id: &str) -> Option<(u64, u64)> {
    let (ms, seq) = id.split_once('-')?;
    Some((ms.parse().ok()?, seq.parse().ok()?))
}

/// The producer's `adding` values are 0, 1, ... n-1 (n the `items` knob), then `end` if
/// `with_end`.
pub fn added_0_to_n(with_end: bool) -> Rule {
    Rule::fold(move || added::Added::new(with_end))
}

/// Every `read` or `claim` of an item comes after the producer began adding it (`adding`):
/// an entry cannot be delivered before it was sent. Happens-before, per item.
pub fn delivered_after_adding() -> Rule {
    Rule::fold(delivered::Delivered::default)
}

/// Stream ids give the order: the producer's `add` ids strictly increase, and so do the ids
/// each consumer `read`s (a group delivers new entries in stream order).
pub fn stream_ids_increase() -> Rule {
    Rule::fold(stream_ids::StreamIds::default)
}

/// Every worker that started ends with `exit` and this reason.
pub fn workers_exit(reason: &'static str) -> Rule {
    Rule::fold(move || workers_exit::WorkersExit::new(reason))
}

/// At-least-once: every item added is processed at least once, and every item a killed
/// worker held (read, never acknowledged) is processed again; it held at least one.
pub fn at_least_once() -> Rule {
    Rule::fold(at_least_once::AtLeastOnce::default)
}

/// A consumer group never hands out one entry twice by itself: each delivery of an item
/// beyond the first comes from a claim (`XAUTOCLAIM`), so by its k-th processing an item has
/// been claimed at least k - 1 times, by whichever workers. (The original reader may well
/// finish second: a worker slower than `--min-idle-ms` has its item claimed from under it.)
pub fn duplicates_are_redeliveries() -> Rule {
    Rule::fold(Redeliveries::default)
}

/// Observation: items processed more than once that the killed worker did not hold: a live
/// worker too slow for `min_idle_ms` looks dead and is redelivered too ("none" usually).
pub fn duplicates_beyond_the_dead() -> Rule {
    Rule::fold(beyond_the_dead::BeyondTheDead::default)
}

/// Every entry the killed worker held is claimed by another worker after the kill.
pub fn redelivered_after_kill() -> Rule {
    Rule::fold(redelivered_after_kill::RedeliveredAfterKill::default)
}

/// The idempotent sink skipped exactly the repeated processings: one `skipped` per
/// `process` beyond an item's first.
pub fn sink_skips_repeats() -> Rule {
    Rule::fold(sink_skips::SinkSkips::default)
}

/// `Pool.map`'s value lists the inputs' squares in input order, `err` at `fail_at`.
pub fn map_in_input_order() -> Rule {
    Rule::fold(map_order::MapOrder::default)
}

/// `main` receives exactly one reply per input (by index), whatever their order.
pub fn one_reply_per_input() -> Rule {
    Rule::fold(replies::OneReplyPerInput::default)
}

/// Observation: the order replies arrived in (`"2, 1, 0, 5, 4, 3"`; past the first 20,
/// how many more).
pub fn reply_order() -> Rule {
    Rule::fold(replies::ReplyOrder::default)
}

/// Backpressure: when the producer begins adding an item, fewer than `bound` items were
/// added and not yet acknowledged (counting `acking`, written before each `XACK`, so the
/// count never runs behind the server's).
pub fn backlog_within_bound() -> Rule {
    Rule::fold(backlog::Backlog::default)
}

/// The producer's every `wait` is followed by a `resume` (with a backlog below the bound)
/// before its next `adding`: it never adds while it says it waits.
pub fn wait_then_resume() -> Rule {
    Rule::fold(wait_resume::WaitResume::default)
}

/// Observation: how many times the producer waited.
pub fn waits() -> Rule {
    Rule::fold(Waits::default)
}

/// The fold of [`waits`]: a count.
#[derive(Default)]
struct Waits(usize);

impl Fold for Waits {
    fn line(&mut self, l: &Line) {
        if l.event.kind == kinds::WAIT {
            self.0 += 1;
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        Outcome::Observed(format!("{} wait(s)", self.0))
    }
}
