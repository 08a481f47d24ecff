//! Running a demo binary from a test: one way for every crate, built on `assert_cmd`, each run
//! bounded in time (a hang is a failure with a message, not a test that never ends), both pipes
//! read while the binary runs (a full pipe cannot stall it).
//!
//! ```
//! use interleaving::testing::{run_bin, stdout_of};
//! // Any program will do; a test passes `env!("CARGO_BIN_EXE_<name>")`.
//! assert_eq!(stdout_of("echo", &["hello"]), "hello\n");
//! assert_eq!(run_bin("false", &[]).status.code(), Some(1));
//! ```

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

use crate::check::{Property, Report, check, check_lesson};
use crate::read::Trace;
use crate::spec::LessonSpec;

/// How long one run of a binary may take before the test fails: far above any test's run on a
/// loaded machine, short enough that a hang ends the test.
pub const RUN_LIMIT: Duration = Duration::from_secs(300);

/// `bin` with `args`, to be run with [`run_command`]: for a test that sets the environment,
/// the working directory or stdin first.
pub fn command(bin: impl AsRef<Path>, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(bin.as_ref());
    // Nothing on stdin, as `std::process::Command::output` gives: a read there ends at once.
    cmd.args(args).write_stdin([]);
    cmd
}

/// Runs `cmd` to its end within `limit` and returns what it did; panics if it could not start
/// or was still running at `limit` (it is killed then).
///
/// ```
/// use std::time::Duration;
/// use interleaving::testing::{command, run_command};
/// let out = run_command(command("sh", &["-c", "echo $X"]).env("X", "1"), Duration::from_secs(9));
/// assert_eq!(out.stdout, b"1\n");
/// ```
pub fn run_command(cmd: &mut assert_cmd::Command, limit: Duration) -> Output {
    let what = format!("{:?}", cmd.get_program());
    let out = cmd
        .timeout(limit)
        .output()
        .unwrap_or_else(|e| panic!("running {what}: {e}"));
    // assert_cmd kills a run at its timeout: SIGKILL is how a test tells a hang.
    assert!(
        out.status.signal() != Some(nix::sys::signal::Signal::SIGKILL as i32),
        "{what} did not finish within {limit:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs a `std::process::Command` already set up (program, arguments, environment, working
/// directory) the way [`run_command`] runs one: for a crate whose helper also spawns it.
pub fn run_process(cmd: &std::process::Command, limit: Duration) -> Output {
    let mut again = assert_cmd::Command::new(cmd.get_program());
    again.args(cmd.get_args()).write_stdin([]);
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => again.env(key, value),
            None => again.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        again.current_dir(dir);
    }
    run_command(&mut again, limit)
}

/// Runs a demo binary with `args` (no `--trace` added) and returns what it did.
pub fn run_bin(bin: impl AsRef<Path>, args: &[&str]) -> Output {
    run_command(&mut command(bin, args), RUN_LIMIT)
}

/// [`run_bin`] as (exit code, stdout, stderr), the streams as text.
///
/// ```
/// let (code, out, err) = interleaving::testing::run_text("sh", &["-c", "echo a; echo b >&2"]);
/// assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "a\n", "b\n"));
/// ```
pub fn run_text(bin: impl AsRef<Path>, args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_bin(bin, args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run_bin`] with `input` written to the binary's stdin (a broken pipe there is fine: a
/// binary may exit without reading it).
pub fn run_bin_with_stdin(bin: impl AsRef<Path>, args: &[&str], input: &[u8]) -> Output {
    run_command(command(bin, args).write_stdin(input), RUN_LIMIT)
}

/// The stdout of a demo binary run with `args`, which must succeed (for snapshots of
/// `--help`, `--list` or a whole lesson's text).
pub fn stdout_of(bin: impl AsRef<Path>, args: &[&str]) -> String {
    let out = run_bin(bin, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Asserts that `args` exit 2 (clap's usage error) with `why` in the message, before anything
/// ran (nothing on stdout).
pub fn assert_refused(bin: impl AsRef<Path>, args: &[&str], why: &str) {
    let out = run_bin(bin, args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.starts_with("error: ") && err.contains(why),
        "{args:?}: {err}"
    );
    assert!(out.stdout.is_empty(), "{args:?} ran something");
}

/// Asserts that `args` exit 2 (bad usage, SPEC section 2) with every one of `needles` (the
/// flag, its range...) in stderr, and no panic; returns that stderr.
///
/// ```
/// use interleaving::testing::assert_usage_error;
/// let err = assert_usage_error("sh", &["-c", "echo bad --n >&2; exit 2"], &["--n"]);
/// assert_eq!(err, "bad --n\n");
/// ```
pub fn assert_usage_error(bin: impl AsRef<Path>, args: &[&str], needles: &[&str]) -> String {
    let out = run_bin(bin, args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for needle in needles {
        assert!(err.contains(needle), "{args:?}: no {needle:?} in {err}");
    }
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    err
}

/// The trace a finished run wrote on stdout; panics with its stderr if the run failed.
pub fn trace_of(out: &Output) -> Trace {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout.clone()).expect("the trace is UTF-8");
    Trace::parse(&text).expect("every line is a trace event")
}

/// Runs a demo binary with `--trace` and `args` and reads its trace; panics with its stderr
/// if it fails.
pub fn record(bin: impl AsRef<Path>, args: &[&str]) -> Trace {
    let args: Vec<&str> = std::iter::once("--trace")
        .chain(args.iter().copied())
        .collect();
    let out = run_bin(bin, &args);
    assert!(
        out.status.success(),
        "{args:?}: exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    trace_of(&out)
}

/// Asserts that `trace` keeps every one of `properties` and that none was left unjudged
/// because its cell did not run; returns the report, for more.
pub fn assert_every_property_holds(trace: &Trace, properties: &[Property]) -> Report {
    let report = check(trace, properties);
    assert!(report.is_ok(), "{report}");
    let not_run: Vec<String> = report.not_run().map(|v| v.to_string()).collect();
    assert!(not_run.is_empty(), "properties not run: {not_run:#?}");
    report
}

/// Runs a demo binary with `--trace` and `args` (flag values other than the defaults) and
/// asserts that its trace keeps the rules every trace gets and the lesson's own properties,
/// and that some of those were really checked: knobs are events, so any value in range must
/// yield a trace that holds.
pub fn assert_run_holds(
    bin: impl AsRef<Path>,
    spec: &LessonSpec,
    properties: &[Property],
    args: &[&str],
) {
    let trace = record(bin, args);
    let report = check_lesson(&trace, spec, properties);
    assert!(report.is_ok(), "{args:?}:\n{report}");
    assert!(
        report.held().1 > 4,
        "{args:?}: only the rules every trace gets were checked"
    );
}

/// Runs a demo binary on cell `cell` alone and asserts that its trace passes the lesson's
/// check with `absent` (a property of another cell) reported "not run", not failed: a cell
/// that did not run is no violation.
pub fn assert_not_run_without_its_cell(
    bin: impl AsRef<Path>,
    spec: &LessonSpec,
    properties: &[Property],
    cell: &str,
    absent: &str,
) {
    let trace = record(bin, &["--cell", cell]);
    let report = check_lesson(&trace, spec, properties);
    assert!(report.is_ok(), "{report}");
    assert!(
        report.not_run().any(|v| v.property == absent),
        "{absent} is not reported not run:\n{report}"
    );
}

/// [`assert_run_holds`] for each of `runs`, in turn: a table of knob settings.
pub fn assert_runs_hold(
    bin: impl AsRef<Path>,
    spec: &LessonSpec,
    properties: &[Property],
    runs: &[&[&str]],
) {
    for args in runs {
        assert_run_holds(bin.as_ref(), spec, properties, args);
    }
}

/// Starts `cmd` with stdout and stderr piped, reads its first line and hangs up, as
/// `| head -1` does, then waits (bounded) for it to end and asserts that it ended quietly: exit
/// 0, no panic, no "Broken pipe" on stderr (SPEC section 2). Returns what it did, the first
/// line aside.
///
/// ```
/// use std::process::Command;
/// use interleaving::testing::assert_quiet_when_the_reader_leaves;
/// let out = assert_quiet_when_the_reader_leaves(Command::new("echo").arg("one line"));
/// assert!(out.stderr.is_empty());
/// ```
pub fn assert_quiet_when_the_reader_leaves(cmd: &mut std::process::Command) -> Output {
    // assert_cmd runs a command to its end; a reader that leaves early needs the child itself.
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("running {:?}: {e}", cmd.get_program()));
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout"))
        .read_line(&mut first)
        .expect("the first line");
    assert!(!first.is_empty(), "the binary wrote nothing");
    // Read stderr while waiting, so a full pipe cannot stall the child.
    let mut stderr = child.stderr.take().expect("piped stderr");
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut buf);
        buf
    });
    let status = wait_timeout::ChildExt::wait_timeout(&mut child, RUN_LIMIT)
        .expect("waiting works")
        .unwrap_or_else(|| {
            let _ = child.kill();
            panic!("no end within {RUN_LIMIT:?} of the reader leaving");
        });
    let out = Output {
        status,
        stdout: Vec::new(),
        stderr: err.join().expect("the stderr reader"),
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {err}", out.status);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    out
}
