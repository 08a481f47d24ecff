//! The CPU-bound job for the no-GIL cell: count the primes below a limit by trial division.
//!
//! Deterministic (the answer is known: 9592 primes below 100 000, 148 933 below 2 000 000),
//! pure computation with no shared state, so any speedup from more threads is the cores, not
//! the algorithm. In CPython the same code in threads runs one bytecode at a time under the GIL,
//! so it is no faster (usually a little slower) than running it once.

use std::thread;

/// Whether `n` is prime, by trial division by odd numbers up to its square root.
///
/// ```
/// use threading::primes::is_prime;
/// assert!(is_prime(2) && is_prime(97) && !is_prime(1) && !is_prime(91));
/// ```
pub fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n % 2 == 0 {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 2;
    }
    true
}

/// How many of `start, start + step, start + 2*step...` below `limit` are prime: one worker's
/// share when the numbers are dealt out like cards, so every worker gets as many big
/// (slow) numbers as small ones.
pub fn count_strided(limit: u64, start: u64, step: u64) -> u64 {
    (start..limit)
        .step_by(step.max(1) as usize)
        .filter(|&n| is_prime(n))
        .count() as u64
}

/// The primes below `limit`, counted on this thread.
///
/// ```
/// assert_eq!(threading::primes::count_sequential(100_000), 9592);
/// ```
pub fn count_sequential(limit: u64) -> u64 {
    count_strided(limit, 0, 1)
}

/// The primes below `limit`, counted by `threads` scoped threads; also each worker's share.
///
/// ```
/// let (total, shares) = threading::primes::count_parallel(100_000, 3);
/// assert_eq!(total, 9592);
/// assert_eq!(shares.len(), 3);
/// ```
pub fn count_parallel(limit: u64, threads: u64) -> (u64, Vec<u64>) {
    let threads = threads.max(1);
    let shares: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|w| s.spawn(move || count_strided(limit, w, threads)))
            .collect();
        // A worker cannot panic (is_prime does not), so a join error would be a bug: re-raise.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    (shares.iter().sum(), shares)
}
