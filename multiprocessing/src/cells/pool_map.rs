//! `Pool(2).map(count_primes, items)`: real parallelism, results in input order.

use std::time::Instant;

use anyhow::Context;
use interleaving::{Actor, emit};

use super::Knobs;
use crate::primes::count_primes;
use crate::{Pool, kinds};

/// The items of the cell: the first is four times the others, so it finishes last.
pub fn items(job: u64) -> Vec<(usize, u64)> {
    let mut v = vec![(0, 4 * job)];
    v.extend((1..=4).map(|i| (i, job)));
    v
}

/// A worker's task: count, and say which item is done (in completion order, in the trace).
fn task((i, n): (usize, u64)) -> u64 {
    let count = count_primes(n);
    Actor::new(format!("item-{i}")).emit(kinds::DONE, i.to_string());
    count
}

/// Python's `Pool.map` pickles each item to a worker process and the result back, and
/// returns the results in the order of the items, whatever order they finish in. With no GIL
/// in the way of threads, Rust needs processes less for speed; they still isolate crashes
/// and memory, and this is how their pool behaves.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("workers", &k.workers), ("job", &k.job)]);
    let main = Actor::new("main");
    let items = items(k.job);
    let sizes: Vec<u64> = items.iter().map(|(_, n)| *n).collect();

    let t0 = Instant::now();
    // Items done: each one counted here, then all of them again when the pool returns.
    interleaving::progress::set_total(2 * sizes.len() as u64);
    let sequential: Vec<u64> = sizes
        .iter()
        .map(|&n| {
            let count = count_primes(n);
            interleaving::progress::advance(1);
            count
        })
        .collect();
    let seq_us = t0.elapsed().as_micros();

    let pool = Pool::new(k.workers as usize)?;
    let t0 = Instant::now();
    let pooled = pool.map(task, items).context("Pool.map")?;
    interleaving::progress::advance(sizes.len() as u64);
    let pool_us = t0.elapsed().as_micros();

    main.print(format!("map(count_primes, {sizes:?}) = {pooled:?}"));
    main.print(format!(
        "same results, same order as sequential: {}",
        pooled == sequential
    ));
    main.emit(kinds::MEASURE, format!("sequential_us={seq_us}"));
    main.emit(kinds::MEASURE, format!("pool_us={pool_us}"));
    emit::narrate(&format!(
        "sequential {:.1} ms, pool of {} {:.1} ms: {:.2}x in this run (noisy: `cargo bench -p multiprocessing` measures it properly).",
        seq_us as f64 / 1000.0,
        k.workers,
        pool_us as f64 / 1000.0,
        seq_us as f64 / pool_us.max(1) as f64
    ));
    Ok(())
}
