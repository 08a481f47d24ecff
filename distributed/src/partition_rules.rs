//! What the partition cell must show, as properties: nothing lost, each effect once, every
//! duplicate a claim, and the cut-off worker's late `XACK` in the trace, after the link came
//! back. Builders from `interleaving` where they fit; the held entry's story in two rules.

use interleaving::declare::{cell, events};
use interleaving::rule::violated;
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
    Rule::custom(move |lines| match of(lines, kinds::SKIP).next() {
        Some(l) => Outcome::Observed(format!("skipped: {}", l.event.value)),
        None => rule.eval(lines),
    })
}

fn of<'a>(lines: &'a [Line], kind: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
    lines.iter().filter(move |l| l.event.kind == kind)
}

/// The entry held across the cut: the one `hold` (its actor, tag, line), and the lines of
/// the `cut` and the `heal`; or the violation saying which is missing.
fn story(lines: &[Line]) -> Result<(&Line, usize, usize), Outcome> {
    let missing = |what: &str| {
        violated(
            "partition",
            "a worker holds an entry across a cut and a heal",
            format!("one `{what}`"),
            "none".into(),
            vec![],
        )
    };
    let hold = of(lines, kinds::HOLD)
        .next()
        .ok_or_else(|| missing("hold"))?;
    let cut = of(lines, kinds::CUT).next().ok_or_else(|| missing("cut"))?;
    let heal = of(lines, kinds::HEAL)
        .next()
        .ok_or_else(|| missing("heal"))?;
    Ok((hold, cut.no, heal.no))
}

/// The held entry is claimed by another worker, and acknowledged by it, between the cut and
/// the heal: the group gave up on the silent holder without being told anything.
///
/// The order is taken from the claimer's `acking` line, written before its `XACK` is sent,
/// not from its `ack` line: `main` heals once it sees the entry acknowledged at the server,
/// which can be before the claimer, back from `XACK`, gets the output to write `ack`. (Lines
/// of two processes are in the order they were written, not the order things happened.)
pub fn claimed_while_cut() -> Rule {
    Rule::custom(|lines| {
        const S: &str =
            "another worker claims and acknowledges the held entry while its holder is cut off";
        let (hold, cut, heal) = match story(lines) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let (who, tag) = (&hold.event.actor, &hold.event.value);
        let by_other = |kind: &'static str| {
            of(lines, kind).find(|l| l.event.value == *tag && l.event.actor != *who)
        };
        let (Some(claim), Some(ack), Some(_)) = (
            by_other(kinds::CLAIM),
            by_other(kinds::ACKING),
            by_other(kinds::ACK),
        ) else {
            return violated(
                "held-item-claimed-while-cut",
                S,
                format!("a claim and an ack of {tag} by a worker other than {who}"),
                "none".into(),
                vec![hold.no],
            );
        };
        if !(cut < claim.no && claim.no < ack.no && ack.no < heal) {
            return violated(
                "held-item-claimed-while-cut",
                S,
                format!("cut (line {cut}) < claim < acking < heal (line {heal})"),
                format!("claim on line {}, acking on line {}", claim.no, ack.no),
                vec![cut, claim.no, ack.no, heal],
            );
        }
        Outcome::Held
    })
}

/// The holder sends its `XACK` while cut off (`acking` after the cut), and it arrives only
/// after the heal, removing nothing (`late-ack`, never `ack`): the late ack is in the trace.
pub fn late_ack_after_heal() -> Rule {
    Rule::custom(|lines| {
        const S: &str =
            "the cut-off worker's XACK is sent during the cut and arrives, late, after the heal";
        let (hold, cut, heal) = match story(lines) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let (who, tag) = (&hold.event.actor, &hold.event.value);
        let mine = |kind: &'static str| {
            of(lines, kind)
                .filter(|l| l.event.value == *tag && l.event.actor == *who)
                .collect::<Vec<_>>()
        };
        let (acking, late, acks) = (mine(kinds::ACKING), mine(kinds::LATE_ACK), mine(kinds::ACK));
        let ok = acking.len() == 1
            && late.len() == 1
            && acks.is_empty()
            && cut < acking[0].no
            && acking[0].no < heal
            && heal < late[0].no;
        if !ok {
            let lines_of = |v: &[&Line]| v.iter().map(|l| l.no).collect::<Vec<_>>();
            return violated(
                "late-ack-after-heal",
                S,
                format!(
                    "{who}: one acking of {tag} between cut (line {cut}) and heal (line {heal}), \
                     one late-ack after, no ack"
                ),
                format!(
                    "acking on {:?}, late-ack on {:?}, ack on {:?}",
                    lines_of(&acking),
                    lines_of(&late),
                    lines_of(&acks)
                ),
                vec![hold.no],
            );
        }
        Outcome::Held
    })
}
