//! Command-line conventions every demo shares (SPEC section 2): bounded number flags whose
//! errors name the flag and the range, and exit codes 0 / 1 / 2.

use std::process::ExitCode;

/// An error in how the program was called (exit code 2), found after clap parsed the flags,
/// such as `--cell 9` when there are 3 cells.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A clap value parser for a whole number in `min..=max`, whose error names the range.
///
/// Use it with `allow_hyphen_values = true` so that `--runs -3` is reported as out of range
/// instead of as an unknown flag.
///
/// ```
/// use clap::Parser;
/// #[derive(Parser)]
/// struct Args {
///     #[arg(long, default_value_t = 20, allow_hyphen_values = true,
///           value_parser = interleaving::cli::count_in(1, 1000))]
///     runs: u64,
/// }
/// assert_eq!(Args::try_parse_from(["x", "--runs", "5"]).unwrap().runs, 5);
/// let err = Args::try_parse_from(["x", "--runs", "-3"]).err().unwrap().to_string();
/// assert!(err.contains("--runs") && err.contains("from 1 to 1000"), "{err}");
/// ```
pub fn count_in(min: u64, max: u64) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync {
    move |s: &str| {
        let bad = || format!("expected a whole number from {min} to {max}, got '{s}'");
        let n: u64 = s.trim().parse().map_err(|_| bad())?;
        if (min..=max).contains(&n) {
            Ok(n)
        } else {
            Err(bad())
        }
    }
}

/// Runs a binary's real `main` and turns its result into the exit code of SPEC section 2:
/// 0 on success; 2 for a [`UsageError`]; 1 for anything else, printed as one line
/// (`error: what failed: because...`) on stderr, never as a panic.
pub fn exit_code(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.downcast_ref::<UsageError>().is_some() {
                2
            } else {
                1
            };
            // Not eprintln!: it panics when stderr is full or closed (`2>/dev/full`).
            let _ =
                std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("error: {e:#}\n"));
            ExitCode::from(code)
        }
    }
}

/// The environment variable `cargo xtask bench --quick` sets for the benchmarks it runs.
pub const QUICK_BENCH_ENV: &str = "LAB_BENCH_QUICK";

/// A benchmark's measuring (or warm-up) time: `full`, or a tenth of it (at least 100 ms) when
/// `cargo xtask bench --quick` runs it. Criterion's group settings win over its command-line
/// flags, so benches that set their own times ask this instead of hard-coding them.
///
/// ```
/// use std::time::Duration;
/// let t = interleaving::cli::bench_time(Duration::from_secs(3));
/// assert!(t == Duration::from_secs(3) || t == Duration::from_millis(300));
/// ```
pub fn bench_time(full: std::time::Duration) -> std::time::Duration {
    if std::env::var_os(QUICK_BENCH_ENV).is_some() {
        (full / 10).max(std::time::Duration::from_millis(100))
    } else {
        full
    }
}
