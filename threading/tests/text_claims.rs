//! What the learner reads in text mode (no `--trace`) must show each cell's claim, and the
//! defaults must keep it short: the checker reads the trace, the learner reads this.

use interleaving::testing::stdout_of;

const BIN: &str = env!("CARGO_BIN_EXE_threading");

/// `sem-3: inside, 2 of 2 permits taken` -> 2.
fn permits_taken(line: &str) -> Option<usize> {
    let (_, rest) = line.split_once(": inside, ")?;
    rest.split_once(" of 2")?.0.parse().ok()
}

/// Every thread says how many permits are taken once it is inside: never more than 2.
#[test]
fn semaphore_text_shows_at_most_two_inside() {
    let out = stdout_of(BIN, &["--cell", "semaphore", "--threads", "6"]);
    let inside: Vec<usize> = out.lines().filter_map(permits_taken).collect();
    assert_eq!(inside.len(), 6, "one line per thread:\n{out}");
    assert!(inside.iter().all(|n| (1..=2).contains(n)), "{out}");
    assert!(out.contains("all done, 2 permits free again"), "{out}");
}

/// The lock cell shows its three claims: turns under the lock, a panic releases it, and any
/// thread may release it.
#[test]
fn lock_text_shows_its_claims() {
    let out = stdout_of(BIN, &["--cell", "lock"]);
    for claim in [
        "after the panic: lock.acquire(timeout=1) returned True",
        "std Mutex after the same panic: poisoned is True",
        "released by another thread: True",
    ] {
        assert!(out.contains(claim), "missing {claim:?} in:\n{out}");
    }
}

/// The torn-lines cell shows its three styles without flooding the screen.
#[test]
fn torn_lines_default_output_is_short() {
    let out = stdout_of(BIN, &["--cell", "torn-lines"]);
    let lines = out.lines().count();
    assert!(lines <= 50, "{lines} lines by default:\n{out}");
    // Torn lines merge pieces, so at most 3 styles x 2 threads x 6 lines of the program's own.
    let narration = |l: &&str| l.is_empty() || l.starts_with(['│', '━']);
    let program = out.lines().filter(|l| !narration(l));
    assert!((1..=3 * 2 * 6).contains(&program.count()), "{out}");
}
