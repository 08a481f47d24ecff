//! A Redis stream as the notebook's queue: `XADD` is `put`, `XREADGROUP` is `get`, `XACK` is
//! `task_done`; producer and consumer are two processes.

use interleaving::Actor;
use interleaving::linear::{self, consumer_group::XADD};

use super::{Lab, STREAM_QUEUE, knob, put_many};
use crate::kinds;

/// The notebook's producer publishes 0..n; its consumer, here a process of its own, consumes
/// them and stops at the end marker (the notebook's consumer never stops).
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let n = lab.knobs.items;
    knob(&[
        ("items", n),
        ("work_ms", lab.knobs.work_ms),
        ("batch", lab.knobs.batch),
    ]);
    let mut b = lab.fresh(STREAM_QUEUE)?;
    let consumer = lab.worker(&main, STREAM_QUEUE, "consumer", &[])?;
    let producer = Actor::new("producer");
    let all: Vec<u64> = (0..n).collect();
    for items in all.chunks(lab.knobs.batch as usize) {
        put_many(&producer, &mut b, items)?;
        for i in items {
            producer.print(format!("Published {i}"));
        }
    }
    // The notebook's sentinel, as an entry: the consumer that reads it stops.
    producer.emit(kinds::ADDING, "end");
    linear::call(&producer, XADD, "end");
    let id = b.put_end()?;
    linear::ret(&producer, XADD, &id);
    producer.emit(kinds::ADD, format!("end {id}"));
    consumer.join(&main)
}
