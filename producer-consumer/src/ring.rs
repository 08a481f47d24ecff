//! A ring of handshakes: each thread waits for a token, does one step, and passes the token
//! to the next, so a test (or an exercise's judge) can force one exact interleaving of real
//! threads without a single sleep. The `two-lanes` cell uses it to make its violation show
//! on every run; the exercises' judge uses the same ring on a learner's queue.

use std::sync::mpsc::{Receiver, Sender};

use anyhow::Context;

/// One member of the ring: `rounds` times, wait for the token on `rx`, run `step(round)`,
/// pass the token on `tx`. The last token of the last round has nobody left to go to, which
/// is fine; a neighbour that ended early breaks the ring with an error, never a hang.
///
/// ```
/// use std::sync::mpsc::channel;
/// use producer_consumer::ring::ring;
///
/// // Two threads take turns: a then b, three rounds.
/// let (to_a, a_rx) = channel();
/// let (to_b, b_rx) = channel();
/// let order = std::sync::Mutex::new(Vec::new());
/// std::thread::scope(|s| {
///     s.spawn(|| ring(3, a_rx, to_b, |r| Ok(order.lock().unwrap().push(format!("a{r}")))));
///     s.spawn(|| ring(3, b_rx, to_a.clone(), |r| Ok(order.lock().unwrap().push(format!("b{r}")))));
///     to_a.send(()).unwrap();
/// });
/// assert_eq!(order.into_inner().unwrap(), ["a0", "b0", "a1", "b1", "a2", "b2"]);
/// ```
pub fn ring(
    rounds: u64,
    rx: Receiver<()>,
    tx: Sender<()>,
    mut step: impl FnMut(u64) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for r in 0..rounds {
        rx.recv()
            .context("the ring broke: a neighbour ended early")?;
        step(r)?;
        let _ = tx.send(());
    }
    Ok(())
}
