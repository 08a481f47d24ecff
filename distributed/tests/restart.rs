//! The broker-restart cell on a real run: `redis-server` killed with SIGKILL under each
//! persistence setting and started again on its directory; each setting's promise holds on
//! the counts, and a count that breaks it is caught. Skipped (with the reason) where the
//! hosts cannot be made, a failure where `CONCURRENCY_LAB_REQUIRE_NETNS=1`.

mod util;

use std::sync::OnceLock;

use distributed::cells::BROKER_RESTART;
use distributed::properties::{properties, spec};
use interleaving::Trace;
use interleaving::testing::{Mutation, assert_caught_in, find};
use util::hosts_run;

fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| hosts_run(&["--cell", BROKER_RESTART, "--items", "8"]))
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

/// The `survived` line of `setting`.
fn survived(t: &Trace, setting: &str) -> usize {
    find(t, BROKER_RESTART, |e| {
        e.kind == "survived" && e.value.starts_with(&format!("{setting} "))
    })
}

#[test]
fn every_setting_keeps_what_it_promises_after_a_sigkill() {
    let Some(t) = real() else { return };
    let v = |s| t.lines[survived(t, s)].event.value.clone();
    assert_eq!(
        v("aof-always"),
        "aof-always adds=8 adds_kept=8 acks=4 acks_kept=4"
    );
    // everysec usually keeps all, and may lose the last ~2 s (see restart_rules): not asserted.
    assert!(v("aof-everysec").starts_with("aof-everysec adds=8 "));
    assert_eq!(v("rdb"), "rdb adds=8 adds_kept=4 acks=4 acks_kept=0");
    assert_eq!(v("none"), "none adds=8 adds_kept=0 acks=4 acks_kept=0");
}

#[test]
fn a_lost_or_invented_survivor_is_caught() {
    let Some(t) = real() else { return };
    let p = "each-setting-keeps-its-promise";
    for (setting, lie) in [
        (
            "aof-always",
            "aof-always adds=8 adds_kept=7 acks=4 acks_kept=4",
        ),
        (
            "aof-everysec",
            "aof-everysec adds=8 adds_kept=9 acks=4 acks_kept=4",
        ),
        ("rdb", "rdb adds=8 adds_kept=8 acks=4 acks_kept=0"),
        ("none", "none adds=8 adds_kept=1 acks=4 acks_kept=0"),
    ] {
        caught(t, Mutation::SetValue(survived(t, setting), lie.into()), p);
    }
}

#[test]
fn each_setting_restarts_and_goes_on() {
    let Some(t) = real() else { return };
    caught(
        t,
        Mutation::Remove(survived(t, "rdb")),
        "every-setting-restarted",
    );
    let go_on = find(t, BROKER_RESTART, |e| e.kind == "go-on");
    caught(t, Mutation::Remove(go_on), "goes-on-after-each-restart");
    let crash = find(t, BROKER_RESTART, |e| e.kind == "crash");
    let restart = find(t, BROKER_RESTART, |e| e.kind == "restart");
    caught(
        t,
        Mutation::MoveBefore(restart, crash),
        "restart-before-counting",
    );
}
