//! The Rust idiom: a crossbeam channel instead of a hand-made queue.
//!
//! Python's queue has no notion of "no more producers", which is why the notebook's consumer
//! never ends (and why 3.13 added `shutdown`). A channel knows: each `Sender` is counted, and
//! when the last one is dropped, `recv` returns `Err` and `for x in rx` ends by itself.

use std::thread;
use std::time::Duration;

use anyhow::anyhow;
use crossbeam_channel::{Receiver, Sender, bounded, select};
use interleaving::{Actor, kinds as k};

use super::{Knobs, join, start};
use crate::kinds;

/// Senders and receivers in this cell.
const SENDERS: u64 = 2;
pub(crate) const RECEIVERS: u64 = 2;
/// How long `select!` waits on a channel nobody sends on.
pub(crate) const TIMEOUT: Duration = Duration::from_millis(20);

fn sender(tx: Sender<String>, p: u64, count: u64) -> anyhow::Result<()> {
    let me = Actor::new(format!("sender-{p}"));
    for j in 0..count {
        let item = format!("{p}:{j}");
        me.emit(kinds::SEND, item.as_str());
        tx.send(item).map_err(|e| anyhow!("sender-{p}: {e}"))?;
    }
    // `tx` is dropped here: one sender fewer. The last drop closes the channel.
    Ok(())
}

fn receiver(rx: Receiver<String>, name: &str) -> anyhow::Result<u64> {
    let me = Actor::new(name);
    let mut n = 0;
    // Ends when every Sender is gone and the channel is empty: no shutdown call needed.
    for item in rx.iter() {
        me.emit(kinds::RECV, item.as_str());
        n += 1;
    }
    me.emit(k::EXIT, "disconnected");
    Ok(n)
}

/// New: `crossbeam_channel::bounded(4)`, two senders, two receivers, then `select!`.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &knobs.items)]);
    let main = Actor::new("main");
    let (tx, rx) = bounded::<String>(4);
    thread::scope(|s| {
        let mut receivers = Vec::new();
        for c in 1..=RECEIVERS {
            let name = format!("consumer-{c}");
            let (rx, n) = (rx.clone(), name.clone());
            let h = start(s, &main, &name, move || receiver(rx, &n))?;
            receivers.push((name, h));
        }
        let mut senders = Vec::new();
        for p in 1..=SENDERS {
            let (tx, name) = (tx.clone(), format!("sender-{p}"));
            let h = start(s, &main, &name, move || sender(tx, p, knobs.items))?;
            senders.push((name, h));
        }
        // Main's own Sender must go too, or the receivers would wait forever: the channel
        // version of the notebook's endless consumer.
        drop(tx);
        for (name, h) in senders {
            join(&main, &name, h)?;
        }
        let mut got = Vec::new();
        for (name, h) in receivers {
            got.push(format!("{name} {}", join(&main, &name, h)?));
        }
        main.print(format!(
            "every Sender dropped, so the receivers' loops ended; they got: {}",
            got.join(", ")
        ));
        Ok::<_, anyhow::Error>(())
    })?;

    // select!: wait on several channels at once, or give up after a timeout. Nobody sends on
    // `quiet`, so the timeout fires (its sender is kept alive, so the channel is not closed).
    let (_keep, quiet) = bounded::<u64>(1);
    select! {
        recv(quiet) -> msg => main.print(format!("unexpected: {msg:?}")),
        default(TIMEOUT) => {
            main.emit(kinds::TIMEOUT, format!("{}ms", TIMEOUT.as_millis()));
            main.print(format!("select!: nothing on the channel in {} ms, timed out", TIMEOUT.as_millis()));
        }
    }
    Ok(())
}
