//! What the partition cell must show, as properties: nothing lost, each effect once, every
//! duplicate a claim, and the cut-off worker's late `XACK` in the trace, after the link came
//! back. Builders from `interleaving` where they fit; the held entry's story in two rules,
//! each a fold in `partition_rules/` on the story they share (`story.rs`).

mod claimed_while_cut;
mod late_ack;
mod story;

use interleaving::declare::{cell, events};
use interleaving::fold::Fold;
use interleaving::{Line, Outcome, Property, Rule};

use crate::cells::PARTITION;
use crate::kinds;
use crate::rules::{
    added_0_to_n, delivered_after_adding, duplicates_are_redeliveries, sink_skips_repeats,
    stream_ids_increase,
};

/// The partition cell's properties; on a machine that cannot make hosts the cell says
/// `skip`, and each of them says "skipped" with the reason instead of holding or failing.
pub fn properties() -> Vec<Property> {
    let add = || events(kinds::ADD).by("producer");
    let props: Vec<(&str, Rule)> = vec![
        ("added-0-to-n", added_0_to_n(false)),
        ("delivered-after-adding", delivered_after_adding()),
        ("stream-ids-increase", stream_ids_increase()),
        (
            "nothing-lost-each-acked-once",
            add().no_loss_no_dup(events(kinds::ACK)),
        ),
        (
            "effect-exactly-once",
            events(kinds::ADDING)
                .by("producer")
                .no_loss_no_dup(events(kinds::STORED)),
        ),
        ("duplicates-are-claims", duplicates_are_redeliveries()),
        ("sink-skips-repeats", sink_skips_repeats()),
        ("one-cut", events(kinds::CUT).by("main").count(1)),
        (
            "cut-then-heal",
            events(kinds::CUT).before(events(kinds::HEAL)),
        ),
        ("held-item-claimed-while-cut", claimed_while_cut()),
        ("late-ack-after-heal", late_ack_after_heal()),
        (
            "late-acks-follow-claims",
            events(kinds::CLAIM).each_before_its_value(events(kinds::LATE_ACK)),
        ),
    ];
    cell(
        PARTITION,
        props
            .into_iter()
            .map(|(name, rule)| (name, unless_skipped(rule))),
    )
}

/// `rule`, or "skipped: WHY" when the cell could not run here (its `skip` event).
pub fn unless_skipped(rule: Rule) -> Rule {
    Rule::fold(move || UnlessSkipped {
        rule: Some(rule.start()),
        skip: None,
    })
}

/// The fold of [`unless_skipped`]: the rule's own fold, until a `skip` says why the cell did
/// not run (then only that reason).
struct UnlessSkipped {
    rule: Option<Box<dyn Fold>>,
    skip: Option<String>,
}

impl Fold for UnlessSkipped {
    fn line(&mut self, l: &Line) {
        if self.skip.is_some() {
            return;
        }
        if l.event.kind == kinds::SKIP {
            self.skip = Some(l.event.value.clone());
            self.rule = None;
        } else if let Some(rule) = &mut self.rule {
            rule.line(l);
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        match (self.skip, self.rule) {
            (Some(why), _) => Outcome::Observed(format!("skipped: {why}")),
            (None, Some(rule)) => rule.finish(),
            (None, None) => unreachable!("the rule is dropped only at a skip"),
        }
    }
}

/// The held entry is claimed by another worker, and acknowledged by it, between the cut and
/// the heal: the group gave up on the silent holder without being told anything.
///
/// The order is taken from the claimer's `acking` line, written before its `XACK` is sent,
/// not from its `ack` line: `main` heals once it sees the entry acknowledged at the server,
/// which can be before the claimer, back from `XACK`, gets the output to write `ack`. (Lines
/// of two processes are in the order they were written, not the order things happened.)
pub fn claimed_while_cut() -> Rule {
    Rule::fold(claimed_while_cut::ClaimedWhileCut::new)
}

/// The holder sends its `XACK` while cut off (`acking` after the cut), and it arrives only
/// after the heal, removing nothing (`late-ack`, never `ack`): the late ack is in the trace.
pub fn late_ack_after_heal() -> Rule {
    Rule::fold(late_ack::LateAck::new)
}
