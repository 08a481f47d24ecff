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
    if n.is_multiple_of(2) {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// How many numbers a worker takes at a time: small enough that every worker gets blocks from
/// the low (fast) and the high (slow) end, big enough that dealing them costs nothing.
pub const BLOCK: u64 = 4096;

/// How many primes worker `worker` of `workers` finds below `limit`: the numbers are dealt in
/// blocks of [`BLOCK`] like cards (block 0 to worker 0, block 1 to worker 1...), so each worker
/// gets as many big, slow numbers as small ones. (Dealing single numbers would be a trap: with
/// two workers, one would get every even number and finish at once.)
///
/// ```
/// use threading::primes::count_share;
/// let shares: Vec<u64> = (0..3).map(|w| count_share(100_000, w, 3)).collect();
/// assert_eq!(shares.iter().sum::<u64>(), 9592);
/// ```
pub fn count_share(limit: u64, worker: u64, workers: u64) -> u64 {
    let workers = workers.max(1);
    let mut count = 0;
    let mut start = worker * BLOCK;
    while start < limit {
        count += (start..limit.min(start + BLOCK))
            .filter(|&n| is_prime(n))
            .count() as u64;
        start += workers * BLOCK;
    }
    count
}

/// The primes below `limit`, counted on this thread.
///
/// ```
/// assert_eq!(threading::primes::count_sequential(100_000), 9592);
/// ```
pub fn count_sequential(limit: u64) -> u64 {
    count_share(limit, 0, 1)
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
            .map(|w| s.spawn(move || count_share(limit, w, threads)))
            .collect();
        // A worker cannot panic (is_prime does not), so a join error would be a bug: re-raise.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    (shares.iter().sum(), shares)
}

/// The primes below `limit`, counted another way: a sieve of Eratosthenes over the odd
/// numbers, one bit each (6 MB for the flag's largest limit, 10^8). The checker claims the
/// no-GIL cell's printed count with it, so a wrong count in the cell cannot vouch for itself.
///
/// ```
/// use threading::primes::{count_by_sieve, count_sequential};
/// assert_eq!(count_by_sieve(100_000), 9592);
/// assert!((0..500).all(|n| count_by_sieve(n) == count_sequential(n)));
/// ```
pub fn count_by_sieve(limit: u64) -> u64 {
    if limit <= 2 {
        return 0;
    }
    // Bit i stands for the odd number 2i + 1; set means composite (1 is set by hand).
    let odds = (limit / 2) as usize; // 1, 3, 5... below limit
    let mut composite = vec![0u64; odds.div_ceil(64)];
    composite[0] |= 1;
    let mut i = 1;
    while (2 * i + 1) * (2 * i + 1) < limit as usize {
        if composite[i / 64] & (1 << (i % 64)) == 0 {
            let p = 2 * i + 1;
            let mut j = p * p / 2;
            while j < odds {
                composite[j / 64] |= 1 << (j % 64);
                j += p;
            }
        }
        i += 1;
    }
    let odd_primes = (0..odds)
        .filter(|&j| composite[j / 64] & (1 << (j % 64)) == 0)
        .count() as u64;
    odd_primes + 1 // and 2
}
