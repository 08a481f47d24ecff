//! What the workers that live through a broker restart must show, per persistence setting:
//! each connects again once, after the crash; after it, they process exactly what the server
//! kept unacknowledged and what was added since; the sink applies each effect once for as
//! long as it remembers; and every repeat in a life is a redelivery.
//!
//! A worker's life splits at its `reconnect`: its own events before it and after it, in its
//! own order (its lines are written in program order; another process's line may land late,
//! so "after the restart" is never read off the line order across processes).

use std::collections::{BTreeMap, BTreeSet};

use interleaving::kinds as k;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Rule};

use crate::kinds;
use crate::rules::{duplicates_are_redeliveries, split_tag, workers_exit};

fn of<'a>(lines: &'a [Line], kind: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
    lines.iter().filter(move |l| l.event.kind == kind)
}

/// The cell's lines, one slice per persistence setting (from its `setting` event on).
pub fn settings(lines: &[Line]) -> Vec<&[Line]> {
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.event.kind == kinds::SETTING)
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &a)| &lines[a..starts.get(n + 1).copied().unwrap_or(lines.len())])
        .collect()
}

/// `rule` on each setting's slice: the first that fails, or held.
pub fn per_setting(rule: Rule) -> Rule {
    Rule::custom(move |lines| {
        settings(lines)
            .into_iter()
            .map(|s| rule.eval(s))
            .find(|o| matches!(o, Outcome::Violated(_)))
            .unwrap_or(Outcome::Held)
    })
}

/// The workers' events of one setting, split at each one's `reconnect`: (before, after).
fn lives(lines: &[Line]) -> (Vec<Line>, Vec<Line>) {
    let workers: BTreeSet<&str> = of(lines, k::START)
        .map(|l| l.event.value.as_str())
        .collect();
    let mut back: BTreeSet<&str> = BTreeSet::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for l in lines {
        let who = l.event.actor.as_str();
        if !workers.contains(who) {
            continue;
        }
        if l.event.kind == kinds::RECONNECT {
            back.insert(who);
        } else if back.contains(who) {
            after.push(l.clone());
        } else {
            before.push(l.clone());
        }
    }
    (before, after)
}

/// The setting a slice is about (its `setting` event's value).
fn setting_of(lines: &[Line]) -> &str {
    of(lines, kinds::SETTING)
        .next()
        .map_or("", |l| l.event.value.as_str())
}

/// Every worker started in a setting connects again exactly once, after the `crash`.
pub fn each_worker_reconnects_once() -> Rule {
    per_setting(Rule::custom(|lines| {
        const S: &str = "each worker lives through the crash: it connects again once, after it";
        let crash = of(lines, kinds::CRASH).next().map_or(usize::MAX, |l| l.no);
        for w in of(lines, k::START) {
            let name = &w.event.value;
            let back: Vec<&Line> = of(lines, kinds::RECONNECT)
                .filter(|l| l.event.actor == *name)
                .collect();
            if back.len() != 1 || back[0].no < crash {
                return violated(
                    "workers-reconnect-after-the-crash",
                    S,
                    format!(
                        "{name} ({}): one reconnect after the crash (line {crash})",
                        setting_of(lines)
                    ),
                    format!(
                        "reconnects on lines {:?}",
                        back.iter().map(|l| l.no).collect::<Vec<_>>()
                    ),
                    back.iter().map(|l| l.no).chain([w.no]).collect(),
                );
            }
        }
        Outcome::Held
    }))
}

/// After connecting again, the workers process exactly the entries the server kept
/// unacknowledged (`kept`) and the one added after the restart (`go-on`): nothing that
/// survived is left undone, nothing whose ack survived is done again.
pub fn after_restart_exactly_the_survivors() -> Rule {
    per_setting(Rule::custom(|lines| {
        const S: &str = "after the restart the workers process exactly what the server kept \
                         unacknowledged, and what was added since";
        let want: BTreeSet<&str> = of(lines, kinds::KEPT)
            .chain(of(lines, kinds::GO_ON))
            .map(|l| l.event.value.as_str())
            .collect();
        let (_, after) = lives(lines);
        let got: BTreeMap<&str, usize> = after
            .iter()
            .filter(|l| l.event.kind == kinds::PROCESS)
            .map(|l| (l.event.value.as_str(), l.no))
            .collect();
        let got_set: BTreeSet<&str> = got.keys().copied().collect();
        if want == got_set {
            return Outcome::Held;
        }
        let undone: Vec<&&str> = want.difference(&got_set).collect();
        let redone: Vec<&&str> = got_set.difference(&want).collect();
        violated(
            "after-restart-exactly-the-survivors",
            S,
            format!(
                "{}: processed after reconnecting: {want:?}",
                setting_of(lines)
            ),
            format!("kept but not processed: {undone:?}; processed but not kept: {redone:?}"),
            redone
                .iter()
                .filter_map(|t| got.get(**t).copied())
                .collect(),
        )
    }))
}

/// The idempotent sink applies each effect once for as long as it remembers: at most one
/// `stored` per item before the crash, and one after; across the crash too where the setting
/// keeps every acknowledged write (`aof-always`); and every item processed is stored in one
/// of them, or was in a worker's hand, its store unanswered, when the crash cut it off.
pub fn effect_once_per_life_of_the_sink() -> Rule {
    per_setting(Rule::custom(|lines| {
        const S: &str = "the sink stores each item at most once while it remembers (a life; \
                         across the crash under aof-always), and every processed item once";
        let setting = setting_of(lines);
        let (before, after) = lives(lines);
        let stored = |life: &[Line]| {
            let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for l in life.iter().filter(|l| l.event.kind == kinds::STORED) {
                m.entry(l.event.value.clone()).or_default().push(l.no);
            }
            m
        };
        let (b, a) = (stored(&before), stored(&after));
        let mut whole = b.clone();
        for (item, nos) in &a {
            whole.entry(item.clone()).or_default().extend(nos);
        }
        let lives: Vec<(&str, &BTreeMap<String, Vec<usize>>)> = if setting == "aof-always" {
            vec![("across the crash", &whole)]
        } else {
            vec![("before the crash", &b), ("after the restart", &a)]
        };
        for (when, m) in lives {
            if let Some((item, nos)) = m.iter().find(|(_, nos)| nos.len() > 1) {
                return violated(
                    "effect-once-per-life-of-the-sink",
                    S,
                    format!("{setting}: item {item} stored at most once {when}"),
                    format!("stored {} times", nos.len()),
                    nos.clone(),
                );
            }
        }
        let doubt = in_doubt(&before);
        let undone = before
            .iter()
            .chain(&after)
            .filter(|l| l.event.kind == kinds::PROCESS)
            .map(|l| (l, split_tag(&l.event.value).0))
            .find(|(_, item)| !whole.contains_key(*item) && !doubt.contains(*item))
            .map(|(l, _)| l);
        if let Some(l) = undone {
            return violated(
                "effect-once-per-life-of-the-sink",
                S,
                format!("{setting}: a `stored` for {}", l.event.value),
                "processed, never stored".into(),
                vec![l.no],
            );
        }
        Outcome::Held
    }))
}

/// The items a worker had in hand when the crash cut it off, with no answer to its store:
/// its `HSETNX` may have been applied and its answer lost with the connection, so the effect
/// may be in the sink with no `stored` in the trace (a later worker's `skipped` shows it).
fn in_doubt(before: &[Line]) -> BTreeSet<String> {
    let mut held: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for l in before {
        let e = &l.event;
        match e.kind.as_str() {
            kinds::READ | kinds::CLAIM => {
                held.insert(&e.actor, Some(split_tag(&e.value).0));
            }
            kinds::STORED | kinds::SKIPPED => {
                held.insert(&e.actor, None);
            }
            _ => {}
        }
    }
    held.into_values().flatten().map(str::to_owned).collect()
}

/// In each life, every repeat processing of an item is a redelivery (a claim): the group
/// hands an entry out twice only when it was claimed ([`duplicates_are_redeliveries`]).
pub fn duplicates_are_redeliveries_in_each_life() -> Rule {
    per_setting(Rule::custom(|lines| {
        let rule = duplicates_are_redeliveries();
        let (before, after) = lives(lines);
        match rule.eval(&before) {
            Outcome::Held | Outcome::Observed(_) => rule.eval(&after),
            broken => broken,
        }
    }))
}

/// Every worker of each setting ends drained, after the producer's `done`.
pub fn workers_end_drained() -> Rule {
    per_setting(workers_exit("drained"))
}
