//! The one harness of this crate's tests: a `redis-server` of the test's own (a free port,
//! never shared), the real binary with a bound on its run time, its trace, and the checks
//! that nothing it started outlives it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::Duration;

use distributed::EmbeddedServer;
use interleaving::{Report, Trace, check_lesson};

/// Set by `.ci/run`: without `redis-server`, the tests that need one fail instead of skipping.
pub const REQUIRE_REDIS_ENV: &str = "CONCURRENCY_LAB_REQUIRE_REDIS";

/// A `redis-server` for this test alone, or `None` (the test then says it skipped) when the
/// machine has none and CI did not require it.
pub fn server() -> Option<EmbeddedServer> {
    if !distributed::server::available()
        && std::env::var_os(REQUIRE_REDIS_ENV).is_none_or(|v| v == "0")
    {
        eprintln!("skipped: {}", distributed::server::MISSING);
        return None;
    }
    Some(EmbeddedServer::start().expect("redis-server starts"))
}

/// The binary, with its own temporary directory as `TMPDIR` so a test can see it left
/// nothing there.
pub fn bin(tmp: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_distributed"));
    cmd.env("TMPDIR", tmp).stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to the end, killing it after `limit` (a hang is a failure, not a stuck test).
pub fn run(cmd: &mut Command, limit: Duration) -> Output {
    interleaving::testing::run_process(cmd, limit)
}

/// Parses a run's stdout as a trace and checks the lesson's properties on it.
pub fn checked(out: &Output) -> (Trace, Report) {
    let trace = interleaving::testing::trace_of(out);
    let report = check_lesson(
        &trace,
        &distributed::properties::spec(),
        &distributed::properties::properties(),
    );
    (trace, report)
}

/// A `--trace` run on the server at `redis` with `args`, in `tmp`, bounded by a minute: its
/// trace and the lesson's report on it.
pub fn traced(tmp: &Path, redis: &str, args: &[&str]) -> (Trace, Report) {
    let mut cmd = bin(tmp);
    cmd.args(["--trace", "--redis", redis]).args(args);
    checked(&run(&mut cmd, Duration::from_secs(60)))
}

/// A run of a cell that needs hosts (network namespaces): its trace, which passed the
/// lesson's check, or `None` (the test then says it skipped) where namespaces cannot be made
/// here and CI did not require them (`distributed::hosts::required`).
pub fn hosts_run(args: &[&str]) -> Option<Trace> {
    if let Some(why) = distributed::hosts::unsupported()
        && !distributed::hosts::required()
    {
        eprintln!("skipped: {why}");
        return None;
    }
    passing_run(args)
}

/// A `--trace` run with `args` on a server of its own: its trace, which passed the lesson's
/// check, or `None` (the test then says it skipped) without a server here.
pub fn passing_run(args: &[&str]) -> Option<Trace> {
    let s = server()?;
    let tmp = tempfile::tempdir().unwrap();
    let (trace, report) = traced(tmp.path(), s.url(), args);
    assert!(report.is_ok(), "{report}");
    Some(trace)
}

/// `t` as if cell `cell` had been run with knob `key` set to `value`: its `knob` line
/// rewritten, every other field kept.
pub fn with_knob(t: &Trace, cell: &str, key: &str, value: &str) -> interleaving::testing::Mutation {
    let at = interleaving::testing::find(t, cell, |e| e.kind == "knob");
    let fields: Vec<String> = t.lines[at]
        .event
        .value
        .split(' ')
        .map(|f| match f.split_once('=') {
            Some((k, _)) if k == key => format!("{key}={value}"),
            _ => f.into(),
        })
        .collect();
    interleaving::testing::Mutation::SetValue(at, fields.join(" "))
}

/// Starts the binary with stdout piped and returns it once its first `n` stdout lines came.
pub fn start_and_wait_lines(cmd: &mut Command, n: usize) -> (Child, Vec<String>) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = Vec::new();
    let mut reader = BufReader::new(stdout);
    while lines.len() < n {
        let mut l = String::new();
        if reader.read_line(&mut l).unwrap_or(0) == 0 {
            break;
        }
        lines.push(l);
    }
    // Keep draining in the background so the child never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    (child, lines)
}

/// The competing-workers cell on 10,000 items of 1 ms each, in trace mode (on `redis` if given,
/// else on a server of its own): a run long enough to interrupt, returned once its first 40
/// stdout lines came. It leads a process group of its own, as a shell's foreground job does,
/// so a test can send the group what a terminal's Ctrl-C sends.
pub fn start_a_long_run(tmp: &Path, redis: Option<&str>) -> (Child, Vec<String>) {
    let mut cmd = bin(tmp);
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    cmd.args(["--trace", "--cell", "competing-workers"]).args([
        "--items",
        "10000",
        "--work-ms",
        "1",
    ]);
    if let Some(url) = redis {
        cmd.args(["--redis", url]);
    }
    start_and_wait_lines(&mut cmd, 40)
}

/// Waits up to `limit` for `child` to end by itself (`why` says why it must); its status and
/// what it wrote on stderr.
pub fn end_of(child: &mut Child, limit: Duration, why: &str) -> (ExitStatus, String) {
    let status = wait_timeout::ChildExt::wait_timeout(child, limit)
        .expect("waiting works")
        .unwrap_or_else(|| panic!("{why}: still running after {limit:?}"));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("piped stderr"), &mut err)
        .expect("stderr reads");
    (status, err)
}

/// The pids of every process whose parent is `pid` (from /proc).
pub fn children_of(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for e in dir.flatten() {
        let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else {
            continue;
        };
        // The fields after the last ')' are: state, ppid, ...
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let ppid = rest
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u32>().ok());
        if ppid == Some(pid) {
            out.push(p);
        }
    }
    out
}

/// Whether a process with this pid still exists (a zombie counts: nobody reaped it).
pub fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Whether a process with this pid still runs (a zombie does not: it is dead, waiting for
/// whoever adopted it to reap it).
pub fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            s.rsplit_once(')')
                .map(|(_, r)| r.trim_start().chars().next())
                != Some(Some('Z'))
        })
        .unwrap_or(false)
}

/// Asserts `dir` is empty: the run removed every temporary directory it made.
pub fn assert_empty(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .expect("the test's TMPDIR exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// The trace lines of kind `kind` in cell `cell`.
pub fn values(trace: &Trace, cell: &str, kind: &str) -> Vec<String> {
    trace
        .cells()
        .into_iter()
        .filter(|(c, _)| *c == cell)
        .flat_map(|(_, lines)| lines.iter())
        .filter(|l| l.event.kind == kind)
        .map(|l| l.event.value.clone())
        .collect()
}
