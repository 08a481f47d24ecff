//! P producers and C consumers on one queue: no item lost, none duplicated.

use std::thread;

use anyhow::anyhow;
use interleaving::{Actor, kinds as k};

use super::{Knobs, join, start};
use crate::{Queue, Traced, kinds};

/// Producer `p`'s item number `j`, written `p:j` in the trace.
struct Item(u64, u64);

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.0, self.1)
    }
}

/// Producer `p` puts `count` items `"p:0"`, `"p:1"`... (silent in text mode: events only).
fn producer(q: &Queue<Item>, p: u64, count: u64) -> anyhow::Result<()> {
    let me = Actor::new(format!("producer-{p}"));
    let q = Traced::new(q, &me);
    for j in 0..count {
        me.emit(kinds::PUT, format!("{p}:{j}"));
        q.put(Item(p, j))
            .map_err(|e| anyhow!("producer-{p} put({p}:{j}): {e}"))?;
    }
    Ok(())
}

/// Gets until shutdown; returns how many items it got.
fn consumer(q: &Queue<Item>, name: &str) -> anyhow::Result<u64> {
    let me = Actor::new(name);
    let q = Traced::new(q, &me);
    let mut n = 0;
    while let Ok(Item(p, j)) = q.get() {
        me.emit(kinds::GET, format!("{p}:{j}"));
        n += 1;
    }
    me.emit(k::EXIT, "shutdown");
    Ok(n)
}

/// New: `--producers` x `--consumers` threads share one queue; `--messages` items in all.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[
        ("producers", &knobs.producers),
        ("consumers", &knobs.consumers),
        ("messages", &knobs.messages),
    ]);
    let main = Actor::new("main");
    let q = Queue::new(0);
    let (np, nc, total) = (knobs.producers, knobs.consumers, knobs.messages);
    thread::scope(|s| {
        let mut consumers = Vec::new();
        for c in 1..=nc {
            let name = format!("consumer-{c}");
            let (q, n) = (&q, name.clone());
            let h = start(s, &main, &name, move || consumer(q, &n))?;
            consumers.push((name, h));
        }
        let mut producers = Vec::new();
        for p in 1..=np {
            // Share `total` out: the first `total % np` producers put one more.
            let count = total / np + u64::from(p <= total % np);
            let name = format!("producer-{p}");
            let q = &q;
            let h = start(s, &main, &name, move || producer(q, p, count))?;
            producers.push((name, h));
        }
        for (name, h) in producers {
            join(&main, &name, h)?;
        }
        main.emit(kinds::SHUTDOWN, "graceful");
        q.shutdown(false);
        let mut got = Vec::new();
        for (name, h) in consumers {
            got.push(format!("{name} {}", join(&main, &name, h)?));
        }
        main.print(format!(
            "{np} producers x {nc} consumers, {total} items; each consumer got: {}",
            got.join(", ")
        ));
        Ok(())
    })
}
