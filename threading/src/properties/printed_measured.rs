//! The printed lines of the two cells that measure something (`interleaving::printed`): the
//! shared counters and the no-GIL speedup. Every figure fixed by the knobs is claimed exactly;
//! a figure that varies by design is claimed exactly too where the trace records it (the
//! racy counter's end, the speedup), and only a time is a `like` pattern.

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::printed::{Printed, Seen, like, printed_seeing};

use super::count_in;
use crate::cells::{NO_GIL, SHARED_COUNTER};
use crate::kinds as my;
use crate::primes::count_by_sieve;

/// The shared-counter and no-gil cells' `printed-lines`.
pub(super) fn properties() -> Vec<Property> {
    [shared_counter(), no_gil()].concat()
}

/// Main's line for one counter, as the cell formats it.
fn counter_line(label: &str, expected: u64, got: &str, lost: &str) -> String {
    format!("{label:<22} expected {expected:>9}, got {got:>9}, lost {lost}")
}

/// Three lines by main: the Mutex and atomic counters end at threads * adds, lost 0; the racy
/// one ends where its `count racy` event says (how many were lost varies by design).
fn shared_counter() -> Vec<Property> {
    cell(
        SHARED_COUNTER,
        [(
            "printed-lines",
            printed_seeing(Seen::new().keeping(my::COUNT), |k, seen| {
                let total = k.u64("threads")? * k.u64("adds")?;
                let exact = |label: &str| counter_line(label, total, &total.to_string(), "0");
                let racy = "load, store(n + 1)";
                let racy_line = match count_in(seen.values(my::COUNT, "main"), "racy") {
                    Some((_, got)) => counter_line(
                        racy,
                        total,
                        &got.to_string(),
                        &total.saturating_sub(got).to_string(),
                    )
                    .into(),
                    // No event to read the figure from: still claim everything but the figure.
                    None => like(format!("{racy:<22} expected {total:>9}, got *, lost *")),
                };
                Ok(Printed::new().by(
                    "main",
                    [
                        exact("Mutex<u64>, lock, += 1").into(),
                        exact("AtomicU64::fetch_add").into(),
                        racy_line,
                    ],
                ))
            }),
        )],
    )
}

/// Three lines by main: the prime count below `primes_below` (by a sieve, not by the cell's
/// own trial division) on one thread and on `workers`, each taking some ms; then the speedup
/// the `speedup` event recorded, against the most `workers` threads can give on its cores.
fn no_gil() -> Vec<Property> {
    cell(
        NO_GIL,
        [(
            "printed-lines",
            printed_seeing(Seen::new().keeping(my::SPEEDUP), |k, seen| {
                let (workers, limit) = (k.u64("workers")?, k.u64("primes_below")?);
                let n = count_by_sieve(limit);
                let recorded = seen.values(my::SPEEDUP, "main").first().cloned();
                // "1.84x with 2 threads on 2 cores": the cores are the machine's, not a knob.
                let cores = recorded.as_deref().and_then(|v| {
                    v.split(" on ")
                        .nth(1)?
                        .strip_suffix(" cores")?
                        .parse::<u64>()
                        .ok()
                });
                let speedup = match (&recorded, cores) {
                    (Some(v), Some(c)) => {
                        format!("speedup {v} (the most is {})", workers.min(c)).into()
                    }
                    _ => like(format!(
                        "speedup *x with {workers} threads on * cores (the most is *)"
                    )),
                };
                Ok(Printed::new().by(
                    "main",
                    [
                        like(format!("1 thread:   {n} primes below {limit} in * ms")),
                        like(format!(
                            "{workers} threads:  {n} primes below {limit} in * ms"
                        )),
                        speedup,
                    ],
                ))
            }),
        )],
    )
}
