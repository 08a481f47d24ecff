//! Declaring properties in one line each: builders on [`Select`] that make [`Rule`]s, a cell
//! block so `.in_cell` is not repeated, and the rules lessons kept rewriting, now here once
//! ("each B after the A with its value", an exact sequence, the peak inside a region, a
//! measurement recorded, structured values read by field).
//!
//! ```
//! use interleaving::declare::{cell, lines, events};
//! use interleaving::{check, Trace};
//! let props = cell("square-cube", [
//!     ("square-printed-once", lines().by("square").exactly(["Square: 4"])),
//!     ("hello-before-joins", lines().by("main").value("Hello").first().before(events("join"))),
//! ]);
//! let t = Trace::from_steps([
//!     ("lesson", "cell", "square-cube"),
//!     ("square", "print", "Square: 4"),
//!     ("main", "print", "Hello"),
//!     ("main", "join", "square"),
//! ]);
//! assert!(check(&t, &props).is_ok());
//! ```

mod each_after;
mod observe;

use crate::check::Property;
use crate::knob::{Knobs, fields};
use crate::rule::{Outcome, Rule};
use crate::select::Select;

/// Whole lines of output, rebuilt per actor: `Select::lines()`.
pub fn lines() -> Select {
    Select::lines()
}

/// Every event of one kind: `Select::kind(kind)`.
pub fn events(kind: &str) -> Select {
    Select::kind(kind)
}

/// Properties about one cell, each `(name, rule)`: the cell named once.
pub fn cell<'a>(name: &str, props: impl IntoIterator<Item = (&'a str, Rule)>) -> Vec<Property> {
    props
        .into_iter()
        .map(|(p, rule)| Property::new(p, rule).in_cell(name))
        .collect()
}

/// A rule whose bounds come from the cell's knobs (see [`Rule::with_knobs`]).
pub fn knobs(f: impl Fn(&Knobs) -> Result<Rule, String> + Send + Sync + 'static) -> Rule {
    Rule::with_knobs(f)
}

impl Select {
    /// Its values, as a multiset, are exactly `values` (exactly-once when each is listed once).
    pub fn exactly<S: Into<String>>(self, values: impl IntoIterator<Item = S>) -> Rule {
        Rule::Multiset {
            select: self,
            expected: values.into_iter().map(Into::into).collect(),
        }
    }

    /// Its values, in trace order, are exactly `values`.
    pub fn sequence<S: Into<String>>(self, values: impl IntoIterator<Item = S>) -> Rule {
        Rule::Sequence {
            select: self,
            expected: values.into_iter().map(Into::into).collect(),
        }
    }

    /// It happens exactly `n` times.
    pub fn count(self, n: usize) -> Rule {
        Rule::Count { select: self, n }
    }

    /// Every item of it comes before every item of `after` (both seen).
    pub fn before(self, after: Select) -> Rule {
        Rule::HappensBefore {
            before: self,
            after,
        }
    }

    /// Every item comes from its own process.
    pub fn distinct_pids(self) -> Rule {
        Rule::DistinctPids { select: self }
    }

    /// Observation: how many `among` items came before its first item.
    pub fn position_among(self, among: Select) -> Rule {
        Rule::Position { of: self, among }
    }

    /// The values consumed (`consumed`) are these values, in the same order.
    pub fn fifo(self, consumed: Select) -> Rule {
        Rule::Fifo {
            produced: self,
            consumed,
        }
    }

    /// Every value of it is consumed by `consumed` exactly once, in any order.
    pub fn no_loss_no_dup(self, consumed: Select) -> Rule {
        Rule::NoLossNoDup {
            produced: self,
            consumed,
        }
    }

    /// Never more than `max` actors between an item of it and their item of `leave`.
    pub fn bounded(self, leave: Select, max: usize) -> Rule {
        Rule::Bounded {
            enter: self,
            leave,
            max,
        }
    }

    /// Each item of `after` comes after an item of it with the same value began (the n-th
    /// `after` of a value after the n-th of it): a get after its put, a recv after its send.
    pub fn each_before_its_value(self, after: Select) -> Rule {
        let before = self;
        Rule::fold(move || each_after::EachAfter::new(&before, &after))
    }

    /// Observation: the most actors at once between an item of it and their `leave`.
    pub fn peak_inside(self, leave: Select) -> Rule {
        let enter = self;
        Rule::fold(move || observe::Peak::new(&enter, &leave))
    }

    /// Observation: its values in trace order, separated by spaces (an order that may vary
    /// from run to run, such as the order `as_completed` hands results back).
    ///
    /// ```
    /// use interleaving::declare::events;
    /// use interleaving::{check, Property, Trace};
    /// let p = Property::new("order", events("done").order());
    /// let t = Trace::from_steps([("b", "done", "b"), ("a", "done", "a")]);
    /// assert_eq!(check(&t, &[p]).observations().next(), Some(("order", "b a")));
    /// ```
    pub fn order(self) -> Rule {
        let select = self;
        Rule::fold(move || observe::Values::new(&select, |got| Outcome::Observed(got.join(" "))))
    }

    /// Observation: how many items each actor had, `actor n, actor n` (how the work spread
    /// over the consumers or workers, which varies from run to run).
    ///
    /// ```
    /// use interleaving::declare::events;
    /// use interleaving::{check, Property, Trace};
    /// let p = Property::new("spread", events("get").per_actor());
    /// let t = Trace::from_steps([("c-2", "get", "0"), ("c-1", "get", "1"), ("c-2", "get", "2")]);
    /// assert_eq!(check(&t, &[p]).observations().next(), Some(("spread", "c-1 1, c-2 2")));
    /// ```
    pub fn per_actor(self) -> Rule {
        let select = self;
        Rule::fold(move || observe::PerActor::new(&select))
    }

    /// Observation: its values, recorded as they are (a measured time, a speedup).
    pub fn measured(self) -> Rule {
        let select = self;
        Rule::fold(move || {
            observe::Values::new(&select, |got| {
                Outcome::Observed(if got.is_empty() {
                    "nothing measured".into()
                } else {
                    got.join(", ")
                })
            })
        })
    }
}

/// The field `name` of a structured value `key=value key=value` (as knob events write them).
///
/// ```
/// use interleaving::declare::field;
/// assert_eq!(field("mutex expected=4 got=4", "got"), Some("4".to_string()));
/// assert_eq!(field("a=1", "b"), None);
/// ```
pub fn field(value: &str, name: &str) -> Option<String> {
    fields(value)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
