//! The pool cell's printed lines: main prints `map(count_primes, SIZES) = COUNTS` and that the
//! pool's results equal the sequential ones. The sizes follow from the `job` knob, and the
//! counts are worked out here by a sieve, not by the cell's own trial division, so a wrong
//! count fails even when the pool and the sequential loop agree on it.

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::printed::{Printed, printed};

use crate::cells::POOL_MAP;
use crate::cells::pool_map::items;

/// How many primes are below `n`: a sieve over the odd numbers, one bit each (25 MB at the
/// largest `--job`, whose run would take hours anyway).
///
/// ```
/// use multiprocessing::properties::primes_below;
/// assert_eq!([0, 2, 3, 10, 100, 240_000].map(primes_below), [0, 0, 1, 4, 25, 21221]);
/// ```
pub fn primes_below(n: u64) -> u64 {
    if n <= 2 {
        return 0;
    }
    // Bit i stands for the odd number 2i + 1, for 2i + 1 < n; 1 is not prime.
    let odds = (n / 2) as usize;
    let mut composite = vec![0u64; odds.div_ceil(64)];
    composite[0] |= 1;
    let mut i = 1;
    while (2 * i + 1) * (2 * i + 1) < n as usize {
        if composite[i / 64] >> (i % 64) & 1 == 0 {
            let p = 2 * i + 1;
            let mut j = p * p / 2;
            while j < odds {
                composite[j / 64] |= 1 << (j % 64);
                j += p;
            }
        }
        i += 1;
    }
    let unset: u64 = (0..odds)
        .map(|k| u64::from(composite[k / 64] >> (k % 64) & 1 == 0))
        .sum();
    // The odd primes, and 2.
    unset + 1
}

/// The pool cell's `printed-lines` property.
pub fn properties() -> Vec<Property> {
    cell(
        POOL_MAP,
        [(
            "printed-lines",
            printed(|k| {
                let sizes: Vec<u64> = items(k.u64("job")?).into_iter().map(|(_, n)| n).collect();
                let counts: Vec<u64> = sizes.iter().map(|&n| primes_below(n)).collect();
                Ok(Printed::new().by(
                    "main",
                    [
                        format!("map(count_primes, {sizes:?}) = {counts:?}"),
                        "same results, same order as sequential: true".to_owned(),
                    ],
                ))
            }),
        )],
    )
}
