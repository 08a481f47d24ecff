//! [`printed_seeing`]: expected lines that depend on what the cell did (how many items each
//! consumer got, each time a queue was full), read from the events as they stream by, so that
//! the rule keeps counts and a few values, not the cell's lines.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::stream::ByActor;
use super::{Printed, STATEMENT, judge};
use crate::event::kinds;
use crate::fold::Fold;
use crate::knob::Knobs;
use crate::read::Line;
use crate::rule::{Outcome, Rule, violated};

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

    fn line(&mut self, l: &Line) {
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
/// when the expected ones are known).
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
    let expected: Want = Arc::new(expected);
    Rule::fold(move || Seeing {
        expected: expected.clone(),
        knobs: None,
        seen: seen.clone(),
        by_actor: ByActor::default(),
        got: BTreeMap::new(),
    })
}

type Want = Arc<dyn Fn(&Knobs, &Seen) -> Result<Printed, String> + Send + Sync>;

struct Seeing {
    expected: Want,
    knobs: Option<Knobs>,
    seen: Seen,
    by_actor: ByActor,
    got: BTreeMap<String, Vec<(String, usize)>>,
}

fn keep(got: &mut BTreeMap<String, Vec<(String, usize)>>, actor: &str, text: String, no: usize) {
    got.entry(actor.to_owned()).or_default().push((text, no));
}

impl Fold for Seeing {
    fn line(&mut self, l: &Line) {
        if self.knobs.is_none() && l.event.kind == kinds::KNOB {
            self.knobs = Some(Knobs::of(std::slice::from_ref(l)));
        }
        self.seen.line(l);
        let got = &mut self.got;
        self.by_actor
            .line(l, &mut |actor, text, no| keep(got, actor, text, no));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let got = &mut self.got;
        std::mem::take(&mut self.by_actor).finish(&mut |actor, text, no| keep(got, actor, text, no));
        let knobs = self.knobs.take().unwrap_or_default();
        match (self.expected)(&knobs, &self.seen) {
            Ok(want) => judge(std::mem::take(&mut self.got), &want, STATEMENT),
            Err(e) => violated(
                "printed-lines",
                STATEMENT,
                e,
                "no such knob in the cell".into(),
                vec![],
            ),
        }
    }
}
