//! The notebook's producer and consumer (In [13] to In [17]) as two processes and a Queue.

use anyhow::Context;
use interleaving::Actor;

use super::Knobs;
use crate::{Process, Queue, kinds};

/// Threads share the notebook's `Queue` in memory. Processes cannot: a
/// `multiprocessing.Queue` is a pipe underneath, each message pickled in and unpickled out.
/// The notebook's consumer loops forever (`while True`) and never ends; here the producer
/// puts a `None` sentinel when it is done, and the consumer stops cleanly when it sees it.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &k.items)]);
    let main = Actor::new("main");
    let n = k.items;
    let q: Queue<Option<u64>> = Queue::new().context("creating the queue")?;

    let cq = q.try_clone()?;
    let mut consumer = Process::new("consumer", move || {
        let me = Actor::new("consumer");
        loop {
            match cq.get() {
                Ok(Some(i)) => {
                    me.emit(kinds::GET, i.to_string());
                    me.print(format!("Consumed {i}"));
                }
                Ok(None) => break,
                Err(e) => panic!("consumer: {e}"),
            }
        }
        me.print("Consumer done");
    });
    let pq = q.try_clone()?;
    let mut producer = Process::new("producer", move || {
        let me = Actor::new("producer");
        for i in 0..n {
            // Recorded before the put: get(i) can only come after put(i) began.
            me.emit(kinds::PUT, i.to_string());
            pq.put(&Some(i)).expect("producer: put");
            me.print(format!("Published {i}"));
        }
        pq.put(&None).expect("producer: put the sentinel");
    });
    // In [16]-[17]: the consumer first, then the producer.
    consumer.start().context("starting the consumer")?;
    producer.start().context("starting the producer")?;
    producer.join()?;
    consumer.join()?;
    main.print(format!(
        "producer exitcode={}, consumer exitcode={}",
        producer.exitcode().unwrap_or(i32::MIN),
        consumer.exitcode().unwrap_or(i32::MIN)
    ));
    Ok(())
}
