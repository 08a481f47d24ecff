//! The custom rules behind the lesson's properties: what `interleaving`'s built-in rules do not
//! say directly (an item's value seen before, a bound read from the trace, rounds compared).
//! Each returns a [`interleaving::Outcome`] with expected vs got and the trace lines.
//!
//! Each is a fold over its cell's lines ([`interleaving::fold`]): it reads them one at a time
//! and keeps only what is in flight, never the lines; its file in `rules/` says what it keeps.

mod announced;
mod backpressure;
mod blocked;
mod completion_order;
mod connections_end;
mod elapsed;
mod inside;
mod own_line_back;
mod rounds;
mod seen_before;

use interleaving::read::Line;
use interleaving::select::Item;
use interleaving::{Rule, Select};

pub(crate) use backpressure::backpressure;
pub(crate) use blocked::{no_tick_while_blocked, ticks_while_blocked};
pub(crate) use completion_order::completion_order;
pub(crate) use connections_end::connections_end;
pub(crate) use elapsed::{gathered_under_half, sleep_times};
pub(crate) use inside::{bounded_by_permits, most_inside};
pub(crate) use interleaving::rule::violated;
pub(crate) use own_line_back::own_line_back;
pub(crate) use rounds::{distinct_orders, same_every_round};

use rounds::Rounds;
use seen_before::{By, SeenBefore};

/// Every `after` item's value was the value of some `before` item on an earlier line
/// (a get after its put, an echo after its send). At least one `after` item is required.
pub fn value_seen_before(before: Select, after: Select) -> Rule {
    let statement = format!("every `{after}` value was a `{before}` value earlier");
    each_after_its_match(
        "value-before",
        statement,
        (before, after),
        By::Value,
        |before, item| {
            format!(
                "a `{before}` with value {:?} before line {}",
                item.value, item.line
            )
        },
    )
}

/// Every `after` item's value names an actor that did a `before` item on an earlier line
/// (main sees task-1 cancelled only after task-1's cleanup ran). At least one is required.
pub fn actor_acted_before(before: Select, after: Select) -> Rule {
    let statement = format!("every `{after}` comes after a `{before}` by the actor it names");
    each_after_its_match(
        "actor-before",
        statement,
        (before, after),
        By::Actor,
        |before, item| format!("a `{before}` by {} before line {}", item.value, item.line),
    )
}

/// What the two rules above share: at least one `after` item, and each one has a `before` item
/// whose value or actor (`by`) is its value on an earlier line (else `wanted` says what was
/// missing). Unlike [`Select::each_before_its_value`], which pairs the n-th `after` of a value
/// with the n-th `before`, here one `before` may answer many `after`s: not the same rule.
fn each_after_its_match(
    rule: &'static str,
    statement: String,
    (before, after): (Select, Select),
    by: By,
    wanted: fn(&Select, &Item) -> String,
) -> Rule {
    Rule::fold(move || SeenBefore::new(rule, statement.clone(), (&before, &after), by, wanted))
}

/// The rounds of one runtime flavour: (line of the `round` event, its steps in trace order).
pub(crate) fn rounds(lines: &[Line], flavour: &'static str) -> Vec<(usize, Vec<String>)> {
    let mut rounds = Rounds::new(flavour);
    let mut out = Vec::new();
    for l in lines {
        rounds.line(l, &mut |line, steps| out.push((line, steps)));
    }
    rounds.finish(&mut |line, steps| out.push((line, steps)));
    out
}
