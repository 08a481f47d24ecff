//! New: "By default python runs cpython, which utilises single thread". Rust threads do not:
//! the same CPU-bound job, run once and split across threads, with the speedup measured.

use std::time::Instant;

use anyhow::Context;
use interleaving::{Actor, emit::narrate, kinds as k};

use super::Knobs;
use crate::{kinds, primes};

/// Counting primes is pure computation. In CPython, threads take turns holding the GIL, so
/// T threads do the work of one, a little slower (measured on this kind of machine: 0.91x with
/// 2 threads). CPython 3.13's free-threaded build (`python3.13t`) drops the GIL; Rust never
/// had one.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    let main = super::main_actor();
    let limit = knobs.primes_below;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
    let workers = knobs.workers.unwrap_or(cores);
    interleaving::knob::emit(&[("workers", &workers), ("primes_below", &limit)]);

    let t0 = Instant::now();
    let seq = primes::count_sequential(limit);
    let seq_time = t0.elapsed();
    main.emit(kinds::PRIMES, format!("sequential={seq}"));
    main.print(format!(
        "1 thread:   {seq} primes below {limit} in {:.1} ms",
        seq_time.as_secs_f64() * 1e3
    ));

    let t0 = Instant::now();
    let par = split_across(limit, workers)?;
    let par_time = t0.elapsed();
    main.emit(kinds::PRIMES, format!("parallel={par}"));
    main.print(format!(
        "{workers} threads:  {par} primes below {limit} in {:.1} ms",
        par_time.as_secs_f64() * 1e3
    ));

    let speedup = seq_time.as_secs_f64() / par_time.as_secs_f64().max(1e-9);
    main.emit(
        kinds::SPEEDUP,
        format!("{speedup:.2}x with {workers} threads on {cores} cores"),
    );
    main.print(format!(
        "speedup {speedup:.2}x with {workers} threads on {cores} cores (the most is {})",
        workers.min(cores)
    ));
    narrate(
        "The counts agree, always. The speedup is measured, not promised: other programs share\n\
         the cores, and a small job is dominated by starting threads (try --primes-below 2000000).\n\
         In CPython the GIL lets one thread run bytecode at a time, so the same split runs no\n\
         faster (0.91x with 2 threads, measured on primes below 2e6). CPython 3.13 has an optional\n\
         free-threaded build (python3.13t) without the GIL; Rust never had one.",
    );
    Ok(())
}

/// `primes::count_parallel`, spelled out so each worker reports its share as its `exit`:
/// worker w takes blocks w, w + T, w + 2T... of the numbers below `limit`.
fn split_across(limit: u64, workers: u64) -> anyhow::Result<u64> {
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for w in 0..workers {
            let h = std::thread::Builder::new()
                .name(format!("worker-{}", w + 1))
                .spawn_scoped(s, move || {
                    let me = Actor::new(format!("worker-{}", w + 1));
                    me.emit(k::START, "");
                    let share = primes::count_share(limit, w, workers);
                    me.emit(k::EXIT, share.to_string());
                    share
                })
                .context("starting a worker thread")?;
            handles.push(h);
        }
        let mut total = 0;
        for h in handles {
            total += h
                .join()
                .map_err(|_| anyhow::anyhow!("a worker thread panicked"))?;
        }
        Ok(total)
    })
}
