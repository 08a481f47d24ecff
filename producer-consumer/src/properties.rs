//! What every run of the producer-consumer lesson must show (SPEC section 4), and what may
//! vary, declared one line each with `interleaving::declare`. The rules only this lesson needs
//! (per-producer order, the bound of a bounded queue, consumers ending cleanly) are custom
//! rules below, written so that they hold for any `--items`, `--producers`, `--consumers`.
//! Every cell claims the lines each actor prints (`printed-lines`; cells 2 to 6 in
//! `properties/printed_lines.rs`).

mod ends_cleanly;
mod in_order;
mod linearizability;
mod per_producer;
mod printed_lines;
mod room;
mod tally;

use interleaving::declare::{cell, events as events_of};
use interleaving::printed::{Printed, printed};
use interleaving::{Property, Rule, Select, kinds as k};

use crate::cells::{BACKPRESSURE, BACKPRESSURE_MAXSIZE, CROSSBEAM, MANY, NOTEBOOK, TASK_DONE};
use crate::kinds;

/// Every property of the lesson, cell by cell.
///
/// ```
/// use interleaving::{check, Event, Trace};
/// // A consumer that got item 1 before item 0: FIFO broken.
/// let trace = Trace::from_events([
///     Event::new(0, 0, 1, "lesson", "cell", "producer-consumer"),
///     Event::new(0, 0, 1, "producer", "put", "0"),
///     Event::new(1, 0, 1, "producer", "put", "1"),
///     Event::new(0, 0, 1, "consumer", "get", "1"),
///     Event::new(1, 0, 1, "consumer", "get", "0"),
/// ]);
/// let report = check(&trace, &producer_consumer::properties::properties());
/// assert!(report.violations().any(|v| v.property == "consumed-equals-published"));
/// ```
pub fn properties() -> Vec<Property> {
    let put = || events_of(kinds::PUT);
    let get = || events_of(kinds::GET);
    let send = || events_of(kinds::SEND);
    let recv = || events_of(kinds::RECV);
    // Per-actor order (each cell's actors counting afresh) is a rule every trace gets.
    [
        // Cell 1: the notebook's producer and consumer.
        cell(
            NOTEBOOK,
            [
                ("published-0-to-n-in-order", published_in_order()),
                (
                    "consumed-equals-published",
                    put().by("producer").fifo(get().by("consumer")),
                ),
                (
                    "every-get-after-its-put-began",
                    put().each_before_its_value(get()),
                ),
                ("consumer-ends-cleanly", consumers_end_cleanly("shutdown")),
                (
                    "consumer-ends-after-shutdown",
                    events_of(kinds::SHUTDOWN)
                        .by("main")
                        .before(events_of(k::EXIT).by("consumer")),
                ),
                ("torn-lines", Rule::TornLines),
                (
                    "printed-lines",
                    printed(|k| {
                        let items = k.u64("items")?;
                        Ok(Printed::new()
                            .numbered("producer", "Published {}", 0..items)
                            .numbered("consumer", "Consumed {}", 0..items)
                            .by(
                                "main",
                                [format!(
                                    "consumer_thread.join() returned: it consumed {items} items"
                                )],
                            ))
                    }),
                ),
            ],
        ),
        // Cell 2: task_done and join.
        cell(
            TASK_DONE,
            [
                (
                    "every-item-done-once",
                    put().no_loss_no_dup(events_of(kinds::DONE)),
                ),
                (
                    "join-returns-after-every-task-done",
                    events_of(kinds::DONE).before(events_of(k::JOIN).by("main").value("queue")),
                ),
                ("workers-end-cleanly", consumers_end_cleanly("shutdown")),
            ],
        ),
        // Cell 3: backpressure.
        cell(
            BACKPRESSURE,
            [
                (
                    "bounded-fifo",
                    put().by("producer").fifo(get().by("consumer")),
                ),
                (
                    "put-waits-for-room",
                    put_waits_for_room(BACKPRESSURE_MAXSIZE),
                ),
                (
                    "slow-consumer-ends-cleanly",
                    consumers_end_cleanly("shutdown"),
                ),
                ("times-the-queue-was-full", count_of(kinds::FULL)),
            ],
        ),
        // Cell 4: many producers, many consumers.
        cell(
            MANY,
            [
                ("no-loss-no-dup", put().no_loss_no_dup(get())),
                (
                    "every-get-after-its-put-began",
                    put().each_before_its_value(get()),
                ),
                ("per-producer-order-kept", per_producer_order(kinds::GET)),
                ("consumers-end-cleanly", consumers_end_cleanly("shutdown")),
                ("items-per-consumer", get().per_actor()),
            ],
        ),
        // Cell 5: crossbeam-channel.
        cell(
            CROSSBEAM,
            [
                ("channel-no-loss-no-dup", send().no_loss_no_dup(recv())),
                (
                    "every-recv-after-its-send-began",
                    send().each_before_its_value(recv()),
                ),
                (
                    "channel-per-sender-order-kept",
                    per_producer_order(kinds::RECV),
                ),
                (
                    "receivers-end-when-senders-drop",
                    consumers_end_cleanly("disconnected"),
                ),
                (
                    "select-times-out-once",
                    events_of(kinds::TIMEOUT).by("main").count(1),
                ),
            ],
        ),
        linearizability::properties(),
        printed_lines::properties(),
    ]
    .concat()
}

/// The producer's `put`s are 0, 1, 2... in order, and its output lines are "Published 0",
/// "Published 1"... in the same order, one per put.
pub fn published_in_order() -> Rule {
    Rule::fold(in_order::InOrder::new)
}

/// Every actor named `consumer*` ends with exactly one `exit` whose value is `reason`, as its
/// last event, and main joins it afterwards. There must be at least one consumer.
pub fn consumers_end_cleanly(reason: &'static str) -> Rule {
    Rule::fold(move || ends_cleanly::EndsCleanly::new(reason))
}

/// In a bounded queue of `maxsize`, put number k (0-based) can return only once the queue
/// has room, that is once items 0..=k-maxsize are gone, so the consumer must have begun at
/// least k-maxsize+1 gets before the producer's "Published k" line.
pub fn put_waits_for_room(maxsize: usize) -> Rule {
    Rule::fold(move || room::Room::new(maxsize))
}

/// Items are `"p:j"` (producer p's j-th): each consumer gets each producer's items with j
/// rising. (Across consumers the trace cannot show it: two consumers may report out of order
/// the items they took in order.)
pub fn per_producer_order(get_kind: &'static str) -> Rule {
    Rule::fold(move || per_producer::PerProducer::new(get_kind))
}

/// Observation: how many events of `kind` there were.
pub fn count_of(kind: &'static str) -> Rule {
    Rule::fold(move || tally::Tally::of(kind))
}

/// What a `--forever` run, stopped by Ctrl-C, must show: everything put was got, in order;
/// the consumer ended after the shutdown; and the summary's counts agree with the trace.
pub fn forever_properties() -> Vec<Property> {
    vec![
        Property::new("per-actor-order", Rule::PerActorOrder),
        Property::new(
            "consumed-equals-published",
            Rule::Fifo {
                produced: Select::kind(kinds::PUT).by("producer"),
                consumed: Select::kind(kinds::GET).by("consumer"),
            },
        ),
        Property::new("consumer-ends-cleanly", consumers_end_cleanly("shutdown")),
        Property::new("summary-matches-the-trace", summary_matches()),
    ]
}

/// The `summary` event says `produced=N consumed=N`, with N the trace's puts and gets.
fn summary_matches() -> Rule {
    Rule::fold(tally::Summary::default)
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec()
}
