//! What each persistence setting promises after a SIGKILL of `redis-server`, as properties
//! of the broker-restart cell: stated per setting, checked on the counts the cell recorded;
//! and what the worker processes that live through it do ([`crate::reconnect_rules`]).

use interleaving::declare::{cell, events};
use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Property, Rule};

use crate::cells::BROKER_RESTART;
use crate::kinds;
use crate::partition_rules::unless_skipped;
use crate::reconnect_rules as r;

/// The cell's properties (each says skipped where hosts cannot be made).
pub fn properties() -> Vec<Property> {
    let props: Vec<(&str, Rule)> = vec![
        ("each-setting-keeps-its-promise", promises()),
        ("what-everysec-kept", everysec_kept()),
        ("every-setting-restarted", events(kinds::SURVIVED).count(4)),
        ("goes-on-after-each-restart", events(kinds::GO_ON).count(4)),
        (
            "restart-before-counting",
            events(kinds::CRASH).first().before(events(kinds::RESTART)),
        ),
        // The workers that live through it (their own file).
        (
            "workers-reconnect-after-the-crash",
            r::each_worker_reconnects_once(),
        ),
        (
            "after-restart-exactly-the-survivors",
            r::after_restart_exactly_the_survivors(),
        ),
        (
            "effect-once-per-life-of-the-sink",
            r::effect_once_per_life_of_the_sink(),
        ),
        (
            "duplicates-are-redeliveries",
            r::duplicates_are_redeliveries_in_each_life(),
        ),
        ("workers-end-drained", r::workers_end_drained()),
    ];
    cell(
        BROKER_RESTART,
        props.into_iter().map(|(n, r)| (n, unless_skipped(r))),
    )
}

/// `key=N` in a `survived` or `snapshot` value.
fn field(value: &str, key: &str) -> Option<usize> {
    value
        .split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

/// What a SIGKILL leaves, per setting: `aof-always` every acknowledged XADD and XACK (written
/// and fsync'd before the reply); `aof-everysec` at most those (usually all, as written bytes
/// are in the kernel; but Redis postpones the write while a background fsync runs, up to
/// 2 s, and a SIGKILL then loses what it had acknowledged); `rdb` exactly what the snapshot held (the adds before it, no ack:
/// nothing was read yet); `none` nothing.
pub fn promises() -> Rule {
    Rule::fold(Promises::default)
}

/// The fold of [`promises`]. Keeps each `survived` line's value and number (one per setting),
/// judged at the end in their order: `rdb`'s against the trace's first snapshot, wherever it
/// falls; and that snapshot's count of adds.
#[derive(Default)]
struct Promises {
    snapshot: Option<usize>,
    survived: Vec<(String, usize)>,
}

impl Fold for Promises {
    fn line(&mut self, l: &Line) {
        match l.event.kind.as_str() {
            kinds::SNAPSHOT if self.snapshot.is_none() => {
                self.snapshot = field(&l.event.value, "adds");
            }
            kinds::SURVIVED => self.survived.push((l.event.value.clone(), l.no)),
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.survived
            .iter()
            .find_map(|(value, no)| check(value, *no, self.snapshot))
            .unwrap_or(Outcome::Held)
    }
}

/// Observation: what `aof-everysec` kept (`adds_kept/adds acks_kept/acks`).
pub fn everysec_kept() -> Rule {
    Rule::fold(EverysecKept::default)
}

/// The fold of [`everysec_kept`]: what each `aof-everysec` setting kept, in words.
#[derive(Default)]
struct EverysecKept(Vec<String>);

impl Fold for EverysecKept {
    fn line(&mut self, l: &Line) {
        let v = &l.event.value;
        if l.event.kind != kinds::SURVIVED || !v.starts_with("aof-everysec ") {
            return;
        }
        let f = |k| field(v, k).unwrap_or(0);
        self.0.push(format!(
            "{}/{} XADDs, {}/{} XACKs",
            f("adds_kept"),
            f("adds"),
            f("acks_kept"),
            f("acks")
        ));
    }

    fn finish(self: Box<Self>) -> Outcome {
        Outcome::Observed(self.0.join("; "))
    }
}

/// The violation of the promise of the setting `survived` line `no` (value `v`) is about, if
/// its counts break it.
fn check(v: &str, no: usize, snapshot: Option<usize>) -> Option<Outcome> {
    let setting = v.split_whitespace().next().unwrap_or("");
    let f = |k| field(v, k).unwrap_or(usize::MAX);
    let (adds, kept, acks, acks_kept) = (f("adds"), f("adds_kept"), f("acks"), f("acks_kept"));
    let (want, statement) = match setting {
        "aof-always" => (
            (adds, acks),
            "appendfsync always writes and fsyncs the AOF before each reply: every acknowledged \
             XADD and XACK survives a SIGKILL",
        ),
        // Redis postpones an everysec AOF write (up to 2 s) while a background fsync still
        // runs, and replies meanwhile: a SIGKILL then loses acknowledged writes. Seen here, on
        // a loaded machine. What it promises is only that nothing unacknowledged appears.
        "aof-everysec" if kept <= adds && acks_kept <= acks => return None,
        "aof-everysec" => (
            (adds.min(kept), acks.min(acks_kept)),
            "appendfsync everysec may lose the last ~2 s of acknowledged writes, never keeps more",
        ),
        "rdb" => (
            (snapshot.unwrap_or(usize::MAX), 0),
            "RDB keeps exactly what its last snapshot held: the adds before it, no ack",
        ),
        "none" => ((0, 0), "without persistence a restart keeps nothing"),
        _ => ((usize::MAX, usize::MAX), "a known setting"),
    };
    (want != (kept, acks_kept)).then(|| {
        violated(
            "each-setting-keeps-its-promise",
            statement,
            format!("{setting}: adds_kept={} acks_kept={}", want.0, want.1),
            format!("adds_kept={kept} acks_kept={acks_kept}"),
            vec![no],
        )
    })
}
