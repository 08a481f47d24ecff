//! The CPU-bound job of the pool cell and of `benches/pool_speedup.rs`: count primes.
//!
//! Pure computation on a number that pickles in a few bytes, so a pool's speedup is the cores
//! and not the copying. Deliberately plain (every divisor tried, no skipping of even ones): a
//! job of a few milliseconds at the default sizes, as the Python reference's
//! (`reference/python/bench.py`'s `count_primes`, the same loop), so the two compare.

/// A CPU-bound job: how many primes are below `n`, by trial division.
///
/// ```
/// use multiprocessing::primes::count_primes;
/// assert_eq!(count_primes(100), 25);
/// assert_eq!(count_primes(2), 0);
/// ```
pub fn count_primes(n: u64) -> u64 {
    (2..n)
        .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
        .count() as u64
}
