//! The notebook's producer and consumer (In [13] to In [17]) as two processes and a Queue.

use anyhow::Context;
use interleaving::Actor;
use interleaving::linear::{self, OK};

use super::Knobs;
use crate::{Process, Queue, kinds};

/// Threads share the notebook's `Queue` in memory. Processes cannot: a
/// `multiprocessing.Queue` is a pipe underneath, each message pickled in and unpickled out.
/// The notebook's consumer loops forever (`while True`) and never ends; here the producer
/// puts a `None` sentinel when it is done, and the consumer stops cleanly when it sees it.
///
/// New: each `put` and `get` is recorded as a `call` just before and a `ret` just after
/// (`interleaving::linear`), in two processes on one `CLOCK_MONOTONIC`, so the checker can
/// decide whether the pipe behaved as one FIFO queue.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &k.items)]);
    let main = Actor::new("main");
    let n = k.items;
    let q: Queue<Option<u64>> = Queue::new().context("creating the queue")?;

    let cq = q.try_clone()?;
    let mut consumer = Process::new("consumer", move || {
        let me = Actor::new("consumer");
        loop {
            linear::call(&me, "get", "");
            let got = cq.get();
            match &got {
                Ok(item) => linear::ret(&me, "get", shown(item)),
                Err(e) => linear::ret(&me, "get", format!("!{e}")),
            }
            match got {
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
            linear::call(&me, "put", i);
            pq.put(&Some(i)).expect("producer: put");
            linear::ret(&me, "put", OK);
            me.print(format!("Published {i}"));
        }
        linear::call(&me, "put", shown(&None));
        pq.put(&None).expect("producer: put the sentinel");
        linear::ret(&me, "put", OK);
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

/// An item as the trace names it: the number, or Python's `None` for the sentinel.
fn shown(item: &Option<u64>) -> String {
    item.map_or_else(|| "None".into(), |i| i.to_string())
}
