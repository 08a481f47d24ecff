//! The real binary, against real `redis-server`s: its traces keep every property (default and
//! turned knobs), its bad inputs fail with one clear line, and nothing it started outlives it.

mod util;

use std::time::Duration;

use distributed::cells::{COMPETING_WORKERS, POOL_MAP, WORKER_DIES};
use util::{assert_empty, bin, checked, run, server, traced, values};

const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn default_trace_keeps_every_property_and_leaves_nothing() {
    if server().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let out = run(bin(tmp.path()).arg("--trace"), LIMIT);
        let (_, report) = checked(&out);
        assert!(report.is_ok(), "{report}");
        assert_eq!(report.not_run().count(), 0, "{report}");
        assert_empty(tmp.path());
    }
}

#[test]
fn turned_knobs_keep_every_property() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (trace, report) = traced(
        tmp.path(),
        s.url(),
        &[
            "--items",
            "17",
            "--workers",
            "4",
            "--work-ms",
            "0",
            "--kill-after",
            "3",
            "--min-idle-ms",
            "20",
            "--fail-at",
            "0",
            "--bound",
            "3",
            "--stream",
            "turned",
        ],
    );
    assert!(report.is_ok(), "{report}");
    assert_eq!(values(&trace, COMPETING_WORKERS, "ack").len(), 17);
    let map = values(&trace, POOL_MAP, "map");
    assert!(map[0].starts_with("err, 1, 4, 9"), "{map:?}");
    let starts = values(&trace, WORKER_DIES, "start");
    assert_eq!(starts, ["worker-1", "worker-2", "worker-3", "worker-4"]);
    // The doomed worker died holding its third item: it acknowledged exactly two.
    let acks_by_doomed = trace
        .lines
        .iter()
        .filter(|l| l.event.actor == "worker-1" && l.event.kind == "ack")
        .count();
    assert!(acks_by_doomed >= 2, "{acks_by_doomed}");
}

#[test]
fn without_redis_server_exits_1_saying_how_to_install_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(bin(tmp.path()).env("PATH", tmp.path()), LIMIT);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("apt-get install -y redis-server") && err.contains("--redis"),
        "{err}"
    );
    // --list needs no server.
    let out = run(bin(tmp.path()).env("PATH", tmp.path()).arg("--list"), LIMIT);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 7);
}

#[test]
fn unreachable_or_malformed_url_exits_1_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    // A port nobody listens on: bind it, note it, let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for url in [format!("redis://127.0.0.1:{port}/"), "not a url".to_owned()] {
        let out = run(bin(tmp.path()).args(["--redis", &url]), LIMIT);
        assert_eq!(out.status.code(), Some(1), "{url}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: cannot reach Redis at"), "{err}");
    }
}

#[test]
fn a_stream_holding_foreign_entries_is_refused_and_kept() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut conn = distributed::broker::connect(s.url()).unwrap();
    let _: String = redis::cmd("XADD")
        .arg("lab:stream-queue")
        .arg("*")
        .arg("order")
        .arg("42")
        .query(&mut conn)
        .unwrap();
    let out = run(
        bin(tmp.path()).args(["--redis", s.url(), "--cell", "1"]),
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("holds an entry this lesson did not write"),
        "{err}"
    );
    // Someone else's data is left as it was.
    let len: usize = redis::cmd("XLEN")
        .arg("lab:stream-queue")
        .query(&mut conn)
        .unwrap();
    assert_eq!(len, 1);
}

#[test]
fn bad_usage_exits_2_naming_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    for (args, want) in [
        (&["--workers", "0"][..], "--workers"),
        (&["--items", "-1"][..], "--items"),
        (&["--bound", "1001"][..], "--bound"),
        (&["--cell", "9"][..], "--cell"),
        (&["--role", "boss"][..], "--role"),
        // Flags of one role given to the other.
        (
            &["--role", "worker", "--redis", "redis://x", "--list"][..],
            "--list",
        ),
        (&["--role", "lesson", "--claim"][..], "--claim"),
        (&["--role", "lesson", "--name", "w"][..], "--name"),
    ] {
        let out = run(bin(tmp.path()).args(args), LIMIT);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(want),
            "{args:?}"
        );
    }
    // A worker with no server to work for is a usage error, refused by clap.
    let out = run(bin(tmp.path()).args(["--role", "worker"]), LIMIT);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--redis"));
}

#[test]
fn text_mode_narrates_each_cell() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = run(bin(tmp.path()).args(["--redis", s.url()]), LIMIT);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "1/7 stream-queue",
        "Published 0",
        "Consumed 0",
        "5/7 backpressure",
        "6/7 partition",
        "7/7 broker-restart",
        "SIGKILL",
        "claimed",
        "(already stored: skipped)",
        "map returned",
    ] {
        assert!(text.contains(want), "no {want:?} in:\n{text}");
    }
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    if server().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // `| head -1`: read one line, then close the pipe.
    interleaving::testing::assert_quiet_when_the_reader_leaves(bin(tmp.path()).arg("--trace"));
    assert_empty(tmp.path());
}

/// At-least-once for real: with a minimum idle time shorter than the work, live workers' items
/// are claimed too. The properties still hold; only the observation of extra duplicates moves.
#[test]
fn a_min_idle_shorter_than_the_work_redelivers_live_workers_items_too() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (trace, report) = traced(
        tmp.path(),
        s.url(),
        &[
            "--cell",
            "worker-dies",
            "--min-idle-ms",
            "1",
            "--work-ms",
            "5",
            "--items",
            "12",
        ],
    );
    assert!(report.is_ok(), "{report}");
    // Each item stored once, whatever the number of processings.
    assert_eq!(values(&trace, WORKER_DIES, "stored").len(), 12);
}

/// `--kill-after 100 --work-ms 100` is in range: worker-1 needs about 10 s to reach the item
/// it dies holding, and the lesson waits as long as its knobs say, not a fixed 9 s.
#[test]
fn worker_dies_waits_as_long_as_its_knobs_need() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = bin(tmp.path());
    cmd.args(["--trace", "--redis", s.url(), "--cell", "worker-dies"])
        .args(["--kill-after", "100", "--work-ms", "100"]);
    let out = run(&mut cmd, Duration::from_secs(120));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (trace, report) = checked(&out);
    assert!(report.is_ok(), "{report}");
    assert_eq!(values(&trace, WORKER_DIES, "kill"), ["worker-1"]);
}

/// Two lessons on one server with the same `--stream` would take each other's entries: the
/// second is refused, in one line naming the flag, and the first runs on untouched. Another
/// `--stream` runs beside it.
#[test]
fn a_second_lesson_on_the_same_stream_prefix_is_refused() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (mut first, _) = util::start_a_long_run(tmp.path(), Some(s.url()));
    let out = run(
        bin(tmp.path()).args(["--redis", s.url(), "--cell", "stream-queue"]),
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("another lesson (pid ") && err.contains("--stream lab"),
        "{err}"
    );
    let (_, report) = traced(
        tmp.path(),
        s.url(),
        &["--stream", "beside", "--cell", "stream-queue"],
    );
    assert!(report.is_ok(), "{report}");
    assert_eq!(first.try_wait().unwrap(), None, "the first lesson runs on");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(first.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let (status, _) = util::end_of(&mut first, LIMIT, "Ctrl-C ends the first lesson");
    assert_eq!(status.code(), Some(130));
    // It gave its lease back: the prefix is free again at once.
    let (_, report) = traced(tmp.path(), s.url(), &["--cell", "stream-queue"]);
    assert!(report.is_ok(), "{report}");
}

/// Each error gives its cause once, in words: no `os error` repeated down the chain, a read
/// timeout says it timed out, and a server that wants a password is not "unreachable".
#[test]
fn errors_say_their_cause_once_in_words() {
    let tmp = tempfile::tempdir().unwrap();
    let one_line = |url: &str| {
        let out = run(bin(tmp.path()).args(["--redis", url]), LIMIT);
        assert_eq!(out.status.code(), Some(1), "{url}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("os error"), "{err}");
        err
    };
    // Nothing listens: refused, said once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = one_line(&format!("redis://127.0.0.1:{port}/"));
    assert_eq!(err.matches("refused").count(), 1, "{err}");
    // Something listens and never answers: the read times out.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://{}/", silent.local_addr().unwrap());
    let accepting = std::thread::spawn(move || {
        let (conn, _) = silent.accept().unwrap();
        conn
    });
    let err = one_line(&url);
    assert!(err.contains("no reply in time"), "{err}");
    drop(accepting.join());
    // A server with a password, asked without one, or with a wrong one.
    if server().is_none() {
        return;
    }
    let locked = LockedServer::start(tmp.path());
    let err = one_line(&locked.url(""));
    assert!(
        err.contains("refused us") && err.contains("NOAUTH") && !err.contains("cannot reach"),
        "{err}"
    );
    let err = one_line(&locked.url(":wrong@"));
    assert!(err.contains("wrong user name or password"), "{err}");
    assert!(
        !err.contains("wrong@"),
        "the password is not printed: {err}"
    );
}

/// A `redis-server` that wants the password `sekrit`, killed when dropped.
struct LockedServer {
    child: std::process::Child,
    port: u16,
}

impl LockedServer {
    fn start(dir: &std::path::Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(distributed::server::PROGRAM)
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--requirepass",
                "sekrit",
            ])
            .arg("--dir")
            .arg(dir)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let locked = LockedServer { child, port };
        // Until it listens: a connection is refused before, accepted after.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "redis-server listens");
            std::thread::sleep(Duration::from_millis(10));
        }
        locked
    }

    /// `redis://USERINFO127.0.0.1:PORT/`.
    fn url(&self, userinfo: &str) -> String {
        format!("redis://{userinfo}127.0.0.1:{}/", self.port)
    }
}

impl Drop for LockedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a SIGKILLed lesson left (its server's directory, naming a lesson that is gone) is
/// removed by the next lesson that starts a server; a live lesson's directory, and one that
/// names no lesson yet, are left alone.
#[test]
fn the_next_lesson_removes_what_a_killed_one_left() {
    if server().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let gone = {
        let mut c = std::process::Command::new("true").spawn().unwrap();
        c.wait().unwrap();
        c.id()
    };
    let dir = |name: &str, owner: Option<u32>| {
        let d = tmp
            .path()
            .join(format!("{}{name}", distributed::leftovers::PREFIX));
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("redis.log"), "left").unwrap();
        if let Some(pid) = owner {
            std::fs::write(d.join(distributed::leftovers::OWNER), pid.to_string()).unwrap();
        }
        d
    };
    let dead = dir("dead", Some(gone));
    let live = dir("live", Some(std::process::id()));
    let unmarked = dir("unmarked", None);
    let out = run(bin(tmp.path()).args(["--cell", "stream-queue"]), LIMIT);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dead.exists(), "a dead lesson's directory is removed");
    assert!(live.exists() && unmarked.exists());
}

/// On a real terminal (a pty from util-linux's `script`) a long cell shows a progress line on
/// stderr; the consumer's `Consumed N` lines, written by another process, must not land on
/// it: each starts on a line of its own, the progress line taken down first.
#[test]
fn on_a_terminal_worker_output_goes_around_the_progress_line() {
    let Some(s) = server() else { return };
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` here, so no pty to test with");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let run_it = format!(
        "'{}' --redis {} --cell stream-queue --items 30 --work-ms 100",
        env!("CARGO_BIN_EXE_distributed"),
        s.url()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &run_it, "/dev/null"])
        .env("TMPDIR", tmp.path())
        .env_remove(interleaving::progress::PROGRESS_ENV)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script runs");
    assert!(out.status.success(), "{out:?}");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("stream-queue: running 2 s"), "{screen:?}");
    let consumed: Vec<usize> = screen.match_indices("Consumed").map(|(i, _)| i).collect();
    assert_eq!(consumed.len(), 30, "{screen:?}");
    for at in consumed {
        let before = &screen[..at];
        let line_start = before.rfind(['\r', '\n']).map_or(0, |i| i + 1);
        assert!(
            !before[line_start..].contains("running"),
            "a worker's line written after progress text: {:?}",
            &screen[line_start..at + 12]
        );
    }
}
