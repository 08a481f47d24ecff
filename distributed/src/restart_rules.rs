//! What each persistence setting promises after a SIGKILL of `redis-server`, as properties
//! of the broker-restart cell: stated per setting, checked on the counts the cell recorded.

use interleaving::declare::{cell, events};
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Property, Rule};

use crate::cells::BROKER_RESTART;
use crate::kinds;
use crate::partition_rules::unless_skipped;

/// The cell's properties (each says skipped where hosts cannot be made).
pub fn properties() -> Vec<Property> {
    let props: Vec<(&str, Rule)> = vec![
        ("each-setting-keeps-its-promise", promises()),
        ("every-setting-restarted", events(kinds::SURVIVED).count(4)),
        ("goes-on-after-each-restart", events(kinds::GO_ON).count(4)),
        (
            "restart-before-counting",
            events(kinds::CRASH).first().before(events(kinds::RESTART)),
        ),
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

/// What a SIGKILL leaves, per setting: `aof-always` and `aof-everysec` every acknowledged
/// XADD and XACK (the AOF is written before the reply; the kernel keeps it through a process
/// kill, fsync'd or not); `rdb` exactly what the snapshot held (the adds before it, no ack:
/// nothing was read yet); `none` nothing.
pub fn promises() -> Rule {
    Rule::custom(|lines| {
        let of = |kind: &'static str| lines.iter().filter(move |l| l.event.kind == kind);
        let snapshot = of(kinds::SNAPSHOT).find_map(|l| field(&l.event.value, "adds"));
        for l in of(kinds::SURVIVED) {
            if let Some(o) = check(l, snapshot) {
                return o;
            }
        }
        Outcome::Held
    })
}

fn check(l: &Line, snapshot: Option<usize>) -> Option<Outcome> {
    let v = &l.event.value;
    let setting = v.split_whitespace().next().unwrap_or("");
    let f = |k| field(v, k).unwrap_or(usize::MAX);
    let (adds, kept, acks, acks_kept) = (f("adds"), f("adds_kept"), f("acks"), f("acks_kept"));
    let (want, statement) = match setting {
        "aof-always" | "aof-everysec" => (
            (adds, acks),
            "an AOF written before each reply keeps every acknowledged XADD and XACK through a SIGKILL",
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
            vec![l.no],
        )
    })
}
