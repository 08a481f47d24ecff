//! One thread: the same interleaving every run. A thread pool: it varies.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use interleaving::Actor;

use super::Knobs;
use crate::{kinds, runtime};

/// Rounds on each runtime.
pub const ROUNDS: usize = 10;
const STEPS: u32 = 3;

/// The steps of one round, in the order they happened.
type Log = Arc<Mutex<Vec<String>>>;

/// Three steps, giving the loop back between them (`await asyncio.sleep(0)`).
async fn stepper(me: Arc<Actor>, letter: char, log: Log) {
    for s in 0..STEPS {
        // A little work (tens of microseconds), so that on a thread pool the steps overlap.
        // black_box on every number: the optimizer may not fold the loop away.
        for i in 0..20_000u64 {
            std::hint::black_box(i);
        }
        let step = format!("{letter}{s}");
        {
            // Emit and log under one lock, so the printed order is the trace's order.
            let mut log = log.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            me.emit(kinds::STEP, step.as_str());
            log.push(step);
        }
        tokio::task::yield_now().await;
    }
}

/// The same three tasks, [`ROUNDS`] rounds on `current_thread`, as many on `multi_thread`.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("rounds", &ROUNDS)]);
    let main = Actor::new("main");
    // One actor per task, kept across rounds so each keeps one program order (seq).
    let tasks: Vec<Arc<Actor>> = ["task-a", "task-b", "task-c"]
        .into_iter()
        .map(|n| Arc::new(Actor::new(n)))
        .collect();
    for flavour in ["current_thread", "multi_thread"] {
        let mut orders = BTreeSet::new();
        for r in 0..ROUNDS {
            // A fresh runtime each round: "the same program, run again".
            let rt = match flavour {
                "current_thread" => runtime::current_thread(),
                _ => runtime::multi_thread(2),
            }
            .with_context(|| format!("building a {flavour} runtime"))?;
            main.emit(kinds::ROUND, format!("{flavour} {r}"));
            let log: Log = Arc::default();
            rt.block_on(async {
                let handles = tasks
                    .iter()
                    .zip(['a', 'b', 'c'])
                    .map(|(me, letter)| tokio::spawn(stepper(me.clone(), letter, log.clone())));
                for h in handles.collect::<Vec<_>>() {
                    h.await.context("a stepping task failed")?;
                }
                Ok::<_, anyhow::Error>(())
            })?;
            let order = log.lock().unwrap_or_else(|p| p.into_inner()).join(" ");
            orders.insert(order);
        }
        let shown: Vec<&str> = orders.iter().map(String::as_str).collect();
        main.print(format!(
            "{flavour:<14}: {} distinct order(s) in {ROUNDS} rounds: {}",
            orders.len(),
            shown.join(" | ")
        ));
    }
    Ok(())
}
