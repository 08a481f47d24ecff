//! Every line cells 2 to 6 print, per actor (`interleaving::printed`): a line deleted, added
//! or changed fails, naming the line. (Cell 1's is beside its other properties.) Where a
//! figure varies by design, the line is still claimed exactly: which worker handled an item
//! is left open over the workers ([`Printed::among`]); a "queue full" line comes once per
//! `full` event and a consumer's count is its number of `get`s ([`printed_seeing`]).

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::knob::Knobs;
use interleaving::printed::{ACTOR, Printed, Seen, printed, printed_beside, printed_seeing};

use crate::cells::crossbeam::{RECEIVERS, TIMEOUT};
use crate::cells::task_done_join::WORKERS;
use crate::cells::{BACKPRESSURE, CROSSBEAM, LANES, MANY, TASK_DONE};
use crate::kinds;

/// The printed-lines properties of cells 2 to 6, for any knob values.
pub fn properties() -> Vec<Property> {
    [
        cell(TASK_DONE, [("printed-lines", printed(task_done))]),
        cell(
            BACKPRESSURE,
            [(
                "printed-lines",
                printed_beside(backpressure, Seen::new().keeping(kinds::FULL), queue_full),
            )],
        ),
        cell(
            MANY,
            [(
                "printed-lines",
                printed_seeing(Seen::new().counting(kinds::GET), many_to_many),
            )],
        ),
        cell(
            CROSSBEAM,
            [(
                "printed-lines",
                printed_seeing(Seen::new().counting(kinds::RECV), crossbeam),
            )],
        ),
        cell(LANES, [("printed-lines", printed(two_lanes))]),
    ]
    .concat()
}

/// Each item is handled once, by either worker; main says when `q.join()` returned.
fn task_done(k: &Knobs) -> Result<Printed, String> {
    let items = k.u64("items")?;
    let workers = (1..=WORKERS).map(|w| format!("consumer-{w}"));
    Ok(Printed::new()
        .among_numbered(workers, &format!("{ACTOR} handled {{}}"), 0..items)
        .by(
            "main",
            [format!(
                "q.join() returned: all {items} items done, the workers still wait for more"
            )],
        ))
}

/// Published and Consumed 0..items, known from the knobs (the "queue full" lines are `queue_full`).
fn backpressure(k: &Knobs) -> Result<Printed, String> {
    let items = k.u64("items")?;
    Ok(Printed::new()
        .numbered("producer", "Published {}", 0..items)
        .numbered("consumer", "Consumed {}", 0..items))
}

/// One "queue full" line per time the producer found the queue full.
fn queue_full(_: &Knobs, seen: &Seen) -> Result<Printed, String> {
    let full = seen
        .values(kinds::FULL, "producer")
        .iter()
        .map(|v| format!("queue full: put({v}) waits for a get"));
    Ok(Printed::new().by("producer", full))
}

/// `consumer-1 N, consumer-2 M...`: how many events of `kind` each consumer had.
fn got(seen: &Seen, kind: &str, consumers: u64) -> String {
    (1..=consumers)
        .map(|c| {
            let name = format!("consumer-{c}");
            format!("{name} {}", seen.count(kind, &name))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn many_to_many(k: &Knobs, seen: &Seen) -> Result<Printed, String> {
    let (np, nc, total) = (k.u64("producers")?, k.u64("consumers")?, k.u64("messages")?);
    Ok(Printed::new().by(
        "main",
        [format!(
            "{np} producers x {nc} consumers, {total} items; each consumer got: {}",
            got(seen, kinds::GET, nc)
        )],
    ))
}

fn crossbeam(_: &Knobs, seen: &Seen) -> Result<Printed, String> {
    Ok(Printed::new().by(
        "main",
        [
            format!(
                "every Sender dropped, so the receivers' loops ended; they got: {}",
                got(seen, kinds::RECV, RECEIVERS)
            ),
            format!(
                "select!: nothing on the channel in {} ms, timed out",
                TIMEOUT.as_millis()
            ),
        ],
    ))
}

fn two_lanes(k: &Knobs) -> Result<Printed, String> {
    let rounds = k.u64("items")?;
    Ok(Printed::new().by(
        "main",
        [
            format!("{rounds} round(s): nothing lost, nothing twice, each producer's items in order. But:"),
            "not linearizable (order pattern): put(1:0) returned before put(2:0) began, so 1:0 \
             was ahead, yet the get of 2:0 returned before the get of 1:0 began"
                .to_owned(),
            "  producer-1: put(1:0) -> ok [lines 2-3]".to_owned(),
            "  producer-2: put(2:0) -> ok [lines 5-6]".to_owned(),
            "  consumer-2: get_nowait() -> 2:0 [lines 7-8]".to_owned(),
            "  consumer-1: get_nowait() -> 1:0 [lines 10-11]".to_owned(),
            "(line numbers count this cell's events)".to_owned(),
        ],
    ))
}
