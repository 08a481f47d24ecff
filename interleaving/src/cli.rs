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
///
/// A run whose output was lost is a failure too (exit 1): a write error on stdout, on a trace
/// or on prose (`> /dev/full`: a truncated trace in a file must not look like a whole one).
/// Except a reader that stopped reading (`| head -1`, `EPIPE`): it chose to see no more, and
/// SPEC section 2 asks that this end quietly, exit 0, in either mode.
pub fn exit_code(result: anyhow::Result<()>) -> ExitCode {
    match result.and_then(|()| output_kept()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.downcast_ref::<UsageError>().is_some() {
                2
            } else {
                1
            };
            write_stderr(&format!("error: {e:#}\n"));
            ExitCode::from(code)
        }
    }
}

/// `Err` when stdout lost output that someone needed (see [`exit_code`]).
fn output_kept() -> anyhow::Result<()> {
    use crate::emit::{self, Mode};
    match emit::stdout_error() {
        None => Ok(()),
        Some(nix::errno::Errno::EPIPE) => Ok(()),
        Some(errno) => {
            let what = match emit::mode() {
                Mode::Trace => "the trace",
                Mode::Text => "the output",
            };
            Err(anyhow::anyhow!(
                "writing {what} to stdout: {}",
                std::io::Error::from(errno)
            ))
        }
    }
}

/// Writes `text` to stderr and forgets any error: a full or closed stderr (`2>/dev/full`) must
/// not turn a clean exit into a panic. `eprintln!` panics there, which inside a panic hook
/// aborts the process (SIGABRT, exit 134); panic hooks and signal paths use this instead.
///
/// ```
/// interleaving::cli::write_stderr("warning: this goes to stderr, if it can\n");
/// ```
pub fn write_stderr(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
}

/// Parses the command line like `P::parse()`, but never panics on an unwritable stream (see
/// [`exit_on`]).
pub fn parse<P: clap::Parser>() -> P {
    P::try_parse().unwrap_or_else(|e| exit_on(e))
}

/// Ends the process on a clap error (or `--help`/`--version`) without panicking on an
/// unwritable stream: clap's message goes out if it can, then the process exits with clap's
/// code (2 for bad usage, 0 for `--help` and `--version`), or 1 if `--help` could not be
/// written.
pub fn exit_on(e: clap::Error) -> ! {
    let printed = e.print();
    let code = match (e.exit_code(), printed) {
        (0, Err(_)) => 1,
        (code, _) => code,
    };
    std::process::exit(code)
}

/// The environment variable `cargo xtask bench --quick` sets for the benchmarks it runs.
pub const QUICK_BENCH_ENV: &str = "LAB_BENCH_QUICK";

/// A benchmark's measuring (or warm-up) time: `full`, or a tenth of it (at least 100 ms) when
/// `cargo xtask bench --quick` runs it. Criterion's group settings win over its command-line
/// flags, so benches that set their own times ask this instead of hard-coding them. In quick
/// mode xtask also passes criterion's `--quick` (no warm-up, the iteration count doubled until
/// two samples agree within 5 %), for which this time is the cap: a benchmark whose one
/// iteration takes a third of it or more runs 3 iterations in all (1, then 2), or just the one
/// if that one already took longer than the cap.
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
