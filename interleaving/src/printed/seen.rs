//! [`printed_seeing`]: expected lines that depend on what the cell did (how many items each
//! consumer got, each time a queue was full), read from the events as they stream by, so that
//! the rule keeps counts and a few values, not the cell's lines.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Printed;
use super::stream::{More, PrintedFold, Want};
use crate::knob::Knobs;
use crate::read::Line;
use crate::rule::Rule;

/// What a cell did, as far as its expected lines need it: per kind and actor, how many
/// events there were ([`Seen::counting`]) or their values ([`Seen::keeping`]).
///
/// ```
/// use interleaving::printed::Seen;
/// let seen = Seen::new().counting("get").keeping("full");
/// assert_eq!(seen.count("get", "consumer-1"), 0);
/// assert!(seen.values("full", "producer").is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Seen {
    counted: Vec<String>,
    kept: Vec<String>,
    counts: BTreeMap<(String, String), u64>,
    values: BTreeMap<(String, String), Vec<String>>,
}

impl Seen {
    /// Nothing seen, nothing asked for yet.
    pub fn new() -> Self {
        Seen::default()
    }

    /// Count the events of `kind`, per actor.
    pub fn counting(mut self, kind: &str) -> Self {
        self.counted.push(kind.to_owned());
        self
    }

    /// Keep the values of the events of `kind`, per actor, in order.
    pub fn keeping(mut self, kind: &str) -> Self {
        self.kept.push(kind.to_owned());
        self
    }

    /// How many events of `kind` `actor` had (a kind not counted: 0).
    pub fn count(&self, kind: &str, actor: &str) -> u64 {
        self.counts
            .get(&(kind.to_owned(), actor.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// The values of `actor`'s events of `kind`, in trace order (a kind not kept: none).
    pub fn values(&self, kind: &str, actor: &str) -> &[String] {
        self.values
            .get(&(kind.to_owned(), actor.to_owned()))
            .map_or(&[], Vec::as_slice)
    }

    pub(super) fn line(&mut self, l: &Line) {
        let e = &l.event;
        if self.counted.contains(&e.kind) {
            *self
                .counts
                .entry((e.kind.clone(), e.actor.clone()))
                .or_default() += 1;
        }
        if self.kept.contains(&e.kind) {
            self.values
                .entry((e.kind.clone(), e.actor.clone()))
                .or_default()
                .push(e.value.clone());
        }
    }
}

/// [`printed`](super::printed), with what the cell did at hand as well as its knobs: for a
/// line the cell prints once per event of some kind (each time a bounded queue was full), or
/// one that reports a count the trace also records (how many items each consumer got).
/// The rule keeps what `seen` asks for and each actor's output lines (judged at the end,
/// when the expected ones are known; see [`printed_beside`] for lines known before).
///
/// ```
/// use interleaving::printed::{Printed, Seen, printed_seeing};
/// use interleaving::{check, Property, Trace};
/// let p = Property::new("printed", printed_seeing(Seen::new().counting("get"), |_, seen| {
///     Ok(Printed::new().by("main", [format!("c got {}", seen.count("get", "c"))]))
/// }));
/// let t = Trace::from_steps([
///     ("lesson", "knob", ""),
///     ("c", "get", "0"), ("c", "get", "1"), ("main", "print", "c got 2"),
/// ]);
/// assert!(check(&t, &[p.clone()]).is_ok());
/// let lost = Trace { lines: [&t.lines[..2], &t.lines[3..]].concat() };
/// assert!(check(&lost, &[p]).to_string().contains("missing \"c got 1\" by main"));
/// ```
pub fn printed_seeing(
    seen: Seen,
    expected: impl Fn(&Knobs, &Seen) -> Result<Printed, String> + Send + Sync + 'static,
) -> Rule {
    printed_beside(|_| Ok(Printed::new()), seen, expected)
}

/// [`printed_seeing`], with the lines known from the knobs alone apart (`base`): those are
/// taken as the trace streams, as [`printed`](super::printed) takes them, and only `more`'s
/// wait for the end. A cell that prints a line per item and one per time its queue was full
/// keeps the few "full" lines, not the million others.
///
/// ```
/// use interleaving::printed::{Printed, Seen, printed_beside};
/// use interleaving::{check, Property, Trace};
/// let p = Property::new("printed", printed_beside(
///     |_| Ok(Printed::new().numbered("p", "put {}", 0..2)),
///     Seen::new().keeping("full"),
///     |_, seen| Ok(Printed::new().by("p", seen.values("full", "p").iter().map(|v| format!("full at {v}")))),
/// ));
/// let t = Trace::from_steps([
///     ("lesson", "knob", ""),
///     ("p", "print", "put 0"), ("p", "full", "1"), ("p", "print", "full at 1"), ("p", "print", "put 1"),
/// ]);
/// assert!(check(&t, &[p.clone()]).is_ok());
/// let silent = Trace { lines: [&t.lines[..3], &t.lines[4..]].concat() };
/// assert!(check(&silent, &[p]).to_string().contains("missing \"full at 1\" by p"));
/// ```
pub fn printed_beside(
    base: impl Fn(&Knobs) -> Result<Printed, String> + Send + Sync + 'static,
    seen: Seen,
    more: impl Fn(&Knobs, &Seen) -> Result<Printed, String> + Send + Sync + 'static,
) -> Rule {
    let base: Want = Arc::new(base);
    let more: More = Arc::new(more);
    Rule::fold(move || PrintedFold::new(base.clone(), Some((more.clone(), seen.clone()))))
}
