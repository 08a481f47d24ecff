//! The printed-lines rule of a cell whose lines follow what its trace records: one `claimed`
//! line (and one repeat) per claim of an item, whoever claimed it; one `waits` line per
//! `wait`. [`printed_beside`] reads events per actor, so this fold counts them itself as the
//! lines stream by, and hands the counts to the expected lines that need them at the end,
//! where `printed_beside` asks for them.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use interleaving::fold::Fold;
use interleaving::knob::Knobs;
use interleaving::printed::{Printed, Seen, printed_beside};
use interleaving::{Line, Outcome, Rule};

use crate::kinds;
use crate::rules::split_tag;

/// The lines that follow the trace, from the knobs, the claims per item, and the number of `wait`s.
type More =
    Arc<dyn Fn(&Knobs, &BTreeMap<u64, usize>, usize) -> Result<Printed, String> + Send + Sync>;

/// What the expected lines need of the trace.
#[derive(Debug, Default)]
struct Counts {
    /// Per item, how many times it was claimed.
    claims: BTreeMap<u64, usize>,
    /// How many `wait`s there were.
    waits: usize,
}

/// [`printed_beside`]: the lines known from the knobs alone (`base`, taken as they stream),
/// and those that follow the trace's claims (and `wait`s), judged at the end.
pub(super) fn printed_with(
    base: impl Fn(&Knobs) -> Result<Printed, String> + Send + Sync + 'static,
    more: impl Fn(&Knobs, &BTreeMap<u64, usize>, usize) -> Result<Printed, String>
    + Send
    + Sync
    + 'static,
) -> Rule {
    let base = Arc::new(base);
    let more: More = Arc::new(more);
    Rule::fold(move || {
        let counted: Arc<OnceLock<Counts>> = Arc::default();
        let (want, at_end) = (more.clone(), counted.clone());
        let base = base.clone();
        let printed = printed_beside(
            move |k| base(k),
            Seen::new(),
            move |k, _| match at_end.get() {
                Some(c) => want(k, &c.claims, c.waits),
                None => want(k, &BTreeMap::new(), 0),
            },
        );
        WithClaims {
            printed: printed.start(),
            counts: Counts::default(),
            counted,
        }
    })
}

/// Keeps one count per item claimed and the number of `wait`s, beside the printed-lines
/// rule's own fold; the counts go where its expected lines read them just before it ends.
struct WithClaims {
    printed: Box<dyn Fold>,
    counts: Counts,
    counted: Arc<OnceLock<Counts>>,
}

impl Fold for WithClaims {
    fn line(&mut self, l: &Line) {
        match l.event.kind.as_str() {
            kinds::CLAIM => {
                if let Ok(item) = split_tag(&l.event.value).0.parse() {
                    *self.counts.claims.entry(item).or_insert(0) += 1;
                }
            }
            kinds::WAIT => self.counts.waits += 1,
            _ => {}
        }
        self.printed.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        let WithClaims {
            printed,
            counts,
            counted,
        } = *self;
        // Each fold has its own cell, set once, here.
        let _ = counted.set(counts);
        printed.finish()
    }
}
