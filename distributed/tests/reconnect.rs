//! Worker processes that live through a broker restart: the broker-restart cell on a real run
//! (hosts as network namespaces, real `redis-server`, real worker processes), each property
//! of what the workers do after the crash caught by an edit that breaks it; and a worker
//! whose broker never comes back, which must end with one error line after its bound.
//! Skipped (with the reason) where the hosts or `redis-server` are missing, a failure where
//! `CONCURRENCY_LAB_REQUIRE_NETNS=1` / `CONCURRENCY_LAB_REQUIRE_REDIS=1`.

mod util;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use distributed::cells::BROKER_RESTART;
use distributed::properties::{properties, spec};
use interleaving::testing::{Mutation, assert_caught_in, find_all};
use interleaving::{Event, Trace};
use util::{bin, hosts_run, server};

fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| hosts_run(&["--cell", BROKER_RESTART, "--items", "6", "--work-ms", "1"]))
        .as_ref()
}

fn caught(t: &Trace, m: Mutation, property: &str) {
    assert_caught_in(
        &m.apply(t),
        &spec(),
        &properties(),
        property,
        BROKER_RESTART,
    );
}

/// The lines of `setting`'s part of the cell that `pick` picks, in order.
fn in_setting(t: &Trace, setting: &str, pick: impl Fn(&Event) -> bool) -> Vec<usize> {
    let starts = find_all(t, BROKER_RESTART, |e| e.kind == "setting");
    let i = starts
        .iter()
        .position(|&s| t.lines[s].event.value == setting)
        .unwrap_or_else(|| panic!("no setting {setting}"));
    let end = starts.get(i + 1).copied().unwrap_or(t.lines.len());
    (starts[i]..end)
        .filter(|&n| pick(&t.lines[n].event))
        .collect()
}

/// The first line of `setting` that `pick` picks.
fn first(t: &Trace, setting: &str, pick: impl Fn(&Event) -> bool) -> usize {
    in_setting(t, setting, pick)[0]
}

/// Whether line `n`'s worker had connected again before it, in its setting's part.
fn after_reconnect(t: &Trace, n: usize) -> bool {
    let who = &t.lines[n].event.actor;
    let start = find_all(t, BROKER_RESTART, |e| e.kind == "setting")
        .into_iter()
        .filter(|&s| s < n)
        .max()
        .unwrap_or(0);
    (start..n).any(|m| t.lines[m].event.actor == *who && t.lines[m].event.kind == "reconnect")
}

#[test]
fn every_worker_lives_through_each_restart_and_the_workers_go_on() {
    let Some(t) = real() else { return };
    for setting in ["aof-always", "aof-everysec", "rdb", "none"] {
        let back = in_setting(t, setting, |e| e.kind == "reconnect");
        let crash = first(t, setting, |e| e.kind == "crash");
        assert_eq!(back.len(), 2, "{setting}: two workers, each back once");
        assert!(back.iter().all(|&n| n > crash), "{setting}");
        let exits = in_setting(t, setting, |e| e.kind == "exit" && e.value == "drained");
        assert_eq!(exits.len(), 2, "{setting}");
    }
    // rdb's snapshot held the first half, read by nobody yet: all of it comes back to do.
    assert_eq!(in_setting(t, "rdb", |e| e.kind == "kept").len(), 3);
    assert!(in_setting(t, "none", |e| e.kind == "kept").is_empty());
}

#[test]
fn a_worker_that_does_not_reconnect_is_caught() {
    let Some(t) = real() else { return };
    let p = "workers-reconnect-after-the-crash";
    let back = first(t, "aof-always", |e| e.kind == "reconnect");
    caught(t, Mutation::Remove(back), p);
    caught(t, Mutation::Duplicate(back), p);
    let crash = first(t, "aof-always", |e| e.kind == "crash");
    caught(t, Mutation::MoveBefore(back, crash), p);
}

#[test]
fn a_survivor_left_undone_or_an_acked_entry_redone_is_caught() {
    let Some(t) = real() else { return };
    let p = "after-restart-exactly-the-survivors";
    // The server kept it, unacknowledged, and nobody did it.
    let kept = first(t, "rdb", |e| e.kind == "kept");
    let tag = t.lines[kept].event.value.clone();
    let done = in_setting(t, "rdb", |e| e.kind == "process" && e.value == tag);
    // Every processing of it after the reconnects, the last first (so the indexes hold).
    let undone = done
        .into_iter()
        .rev()
        .filter(|&n| after_reconnect(t, n))
        .map(Mutation::Remove)
        .collect();
    caught(t, Mutation::All(undone), p);
    // Done again, though the server did not keep it unacknowledged.
    caught(t, Mutation::Remove(kept), p);
    // The item added after the restart, never done.
    let go_on = first(t, "none", |e| e.kind == "go-on");
    caught(t, Mutation::SetValue(go_on, "6 1-0".into()), p);
}

#[test]
fn an_effect_applied_twice_while_the_sink_remembers_is_caught() {
    let Some(t) = real() else { return };
    let p = "effect-once-per-life-of-the-sink";
    let stored_after = |setting| {
        in_setting(t, setting, |e| e.kind == "stored")
            .into_iter()
            .find(|&n| after_reconnect(t, n))
            .unwrap()
    };
    // Twice in one life.
    caught(t, Mutation::Duplicate(stored_after("rdb")), p);
    // Under aof-always the sink keeps what it stored before the crash (a worker acknowledged
    // an entry before it, so one was stored): storing that item again after it is twice.
    let before = in_setting(t, "aof-always", |e| e.kind == "stored")
        .into_iter()
        .find(|&n| !after_reconnect(t, n))
        .unwrap();
    let item = t.lines[before].event.value.clone();
    caught(t, Mutation::SetValue(stored_after("aof-always"), item), p);
    // Processed, never stored.
    caught(
        t,
        Mutation::SetKind(stored_after("none"), "skipped".into()),
        p,
    );
}

#[test]
fn a_repeat_that_is_no_redelivery_and_a_worker_that_never_ends_are_caught() {
    let Some(t) = real() else { return };
    let process = in_setting(t, "none", |e| e.kind == "process")
        .into_iter()
        .find(|&n| after_reconnect(t, n))
        .unwrap();
    caught(
        t,
        Mutation::Duplicate(process),
        "duplicates-are-redeliveries",
    );
    let exit = first(t, "rdb", |e| e.kind == "exit");
    caught(t, Mutation::Remove(exit), "workers-end-drained");
}

#[test]
fn a_worker_whose_broker_never_comes_back_ends_with_one_error_line() {
    let Some(s) = server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = bin(tmp.path());
    cmd.args(["--role", "worker", "--redis", s.url(), "--name", "alone"])
        .args(["--cell", "competing-workers", "--stream", "lab-gone"])
        .args(["--min-idle-ms", "20", "--reconnect-ms", "300"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("the worker starts");
    wait_connected(s.url(), "alone");
    drop(s);
    let gone = Instant::now();
    let (status, err) = util::end_of(
        &mut child,
        Duration::from_secs(30),
        "a worker whose broker is gone must give up after --reconnect-ms",
    );
    let took = gone.elapsed();
    assert_eq!(status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.starts_with("error: worker alone: Redis at redis://127.0.0.1:")
            && err.contains("did not come back within 300 ms")
            && err.contains("connection refused"),
        "{err}"
    );
    // Bounds, not timings: it tried for about its 300 ms, and did not hang.
    assert!(
        took >= Duration::from_millis(150) && took < Duration::from_secs(20),
        "{took:?}"
    );
}

/// Waits until the worker `name` has made its group (so it is connected and at work).
fn wait_connected(url: &str, name: &str) {
    let mut conn = distributed::broker::connect(url).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let groups: redis::RedisResult<Vec<redis::Value>> = redis::cmd("XINFO")
            .arg("GROUPS")
            .arg("lab-gone:competing-workers")
            .query(&mut conn);
        if groups.is_ok_and(|g| !g.is_empty()) {
            return;
        }
        assert!(Instant::now() < deadline, "{name} never made its group");
        // Polling for a condition the worker makes true; it orders nothing.
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_store_whose_answer_the_crash_took_may_show_only_as_a_later_skip() {
    // worker-1 claimed item 1 and sent its HSETNX; the crash took the answer (no `stored`),
    // the write survived, and after the restart the sink says `skipped`: the effect is once.
    let steps = |held: bool| {
        let mut s = vec![
            ("lesson", "cell", BROKER_RESTART),
            ("lesson", "knob", "items=2 workers=1 min_idle_ms=100"),
            ("main", "setting", "aof-always"),
            ("main", "start", "worker-1"),
        ];
        if held {
            s.push(("worker-1", "claim", "1 1-1"));
        }
        s.extend([
            ("main", "crash", "aof-always"),
            ("main", "restart", "aof-always"),
            ("main", "kept", "1 1-1"),
            ("main", "go-on", "2 2-0"),
            ("worker-1", "reconnect", "tries=3"),
            ("worker-1", "claim", "1 1-1"),
            ("worker-1", "skipped", "1"),
            ("worker-1", "process", "1 1-1"),
            ("worker-1", "read", "2 2-0"),
            ("worker-1", "stored", "2"),
            ("worker-1", "process", "2 2-0"),
            ("worker-1", "exit", "drained"),
            ("main", "join", "worker-1"),
        ]);
        Trace::from_steps(s)
    };
    let p = "effect-once-per-life-of-the-sink";
    let verdict = |t: &Trace| {
        let report = interleaving::check_lesson(t, &spec(), &properties());
        report
            .verdicts
            .iter()
            .find(|v| v.property == p)
            .map(|v| v.outcome.clone())
            .unwrap()
    };
    assert_eq!(verdict(&steps(true)), interleaving::Outcome::Held);
    // Nobody held item 1 when the crash came: its skip has no store behind it.
    assert!(matches!(
        verdict(&steps(false)),
        interleaving::Outcome::Violated(_)
    ));
}
