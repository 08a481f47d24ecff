//! What the workers that live through a broker restart must show, per persistence setting:
//! each connects again once, after the crash; after it, they process exactly what the server
//! kept unacknowledged and what was added since; the sink applies each effect once for as
//! long as it remembers; and every repeat in a life is a redelivery.
//!
//! A worker's life splits at its `reconnect`: its own events before it and after it, in its
//! own order (its lines are written in program order; another process's line may land late,
//! so "after the restart" is never read off the line order across processes).
//!
//! Each rule is a fold in `reconnect_rules/`, checked per setting (`per_setting.rs`); the
//! split into lives is `lives.rs`.

mod effect_once;
mod lives;
mod per_setting;
mod reconnects_once;
mod redeliveries_per_life;
mod survivors;

use interleaving::{Line, Rule};

use crate::kinds;
use crate::rules::workers_exit;

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
    Rule::fold(move || per_setting::PerSetting::new(rule.clone()))
}

/// Every worker started in a setting connects again exactly once, after the `crash`.
pub fn each_worker_reconnects_once() -> Rule {
    per_setting(Rule::fold(reconnects_once::ReconnectsOnce::default))
}

/// After connecting again, the workers process exactly the entries the server kept
/// unacknowledged (`kept`) and the one added after the restart (`go-on`): nothing that
/// survived is left undone, nothing whose ack survived is done again.
pub fn after_restart_exactly_the_survivors() -> Rule {
    per_setting(Rule::fold(survivors::Survivors::new))
}

/// The idempotent sink applies each effect once for as long as it remembers: at most one
/// `stored` per item before the crash, and one after; across the crash too where the setting
/// keeps every acknowledged write (`aof-always`); and every item processed is stored in one
/// of them, or was in a worker's hand, its store unanswered, when the crash cut it off.
pub fn effect_once_per_life_of_the_sink() -> Rule {
    per_setting(Rule::fold(effect_once::EffectOnce::new))
}

/// In each life, every repeat processing of an item is a redelivery (a claim): the group
/// hands an entry out twice only when it was claimed
/// ([`duplicates_are_redeliveries`](crate::properties::duplicates_are_redeliveries)).
pub fn duplicates_are_redeliveries_in_each_life() -> Rule {
    per_setting(Rule::fold(redeliveries_per_life::RedeliveriesPerLife::new))
}

/// Every worker of each setting ends drained, after the producer's `done`.
pub fn workers_end_drained() -> Rule {
    per_setting(workers_exit("drained"))
}
