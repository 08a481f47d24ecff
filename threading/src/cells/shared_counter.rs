//! New: shared state. N threads add 1 to one counter K times, three ways; only the racy one
//! may lose updates.

use interleaving::emit::narrate;

use super::Knobs;
use crate::counter::{self, Tally};
use crate::kinds;

/// A way to count: (threads, adds) -> what the counter ended with.
type CountFn = fn(u64, u64) -> Tally;

/// "A queue in python is inbuilt with mutex": shared data needs a lock. Without the GIL every
/// thread really runs at once, so an unlocked read-then-write loses updates far more often
/// than in Python; a `Mutex` or an atomic `fetch_add` never does.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("threads", &knobs.threads), ("adds", &knobs.adds)]);
    let main = super::main_actor();
    let (threads, adds) = (knobs.threads, knobs.adds);
    narrate(&format!(
        "{threads} threads each add 1, {adds} times, to one counter."
    ));
    let runs: [(&str, &str, CountFn); 3] = [
        ("mutex", "Mutex<u64>, lock, += 1", counter::with_mutex),
        ("atomic", "AtomicU64::fetch_add", counter::with_atomic),
        ("racy", "load, store(n + 1)", counter::racy),
    ];
    interleaving::progress::set_total(runs.len() as u64);
    for (how, label, count) in runs {
        let t = count(threads, adds);
        interleaving::progress::advance(1);
        main.emit(
            kinds::COUNT,
            format!("{how} expected={} got={}", t.expected, t.got),
        );
        main.print(format!(
            "{label:<22} expected {:>9}, got {:>9}, lost {}",
            t.expected,
            t.got,
            t.lost()
        ));
    }
    narrate(
        "Only the racy one may lose, and it never gains: each store writes one more than a value\n\
         an earlier store wrote. In Python `counter += 1` is that same read-then-write.",
    );
    Ok(())
}
