//! The story of the entry held across the cut, as the lines come: the one `hold` (whose, and
//! which entry), the `cut` and the `heal`; and, for a rule about that entry, its lines of the
//! kinds the rule reads. Which entry matters is known only at the `hold`: lines of those kinds
//! before it are kept until it comes (none in a run: the held entry is the cut worker's
//! first).

use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use crate::kinds;

/// The `hold`: the worker cut off, the entry it holds (`"ITEM ID"`), and its line.
#[derive(Debug, Clone)]
pub(super) struct Hold {
    pub(super) who: String,
    pub(super) tag: String,
    pub(super) line: usize,
}

/// A line of the held entry, as a story rule reads it.
pub(super) struct Told<'a> {
    pub(super) actor: &'a str,
    pub(super) kind: &'a str,
    pub(super) line: usize,
}

/// What a story rule reads of the held entry's lines.
pub(super) trait Heed {
    /// The kinds it reads.
    const KINDS: &'static [&'static str];

    /// Reads one line of the held entry (its value is the hold's tag), in trace order.
    fn heed(&mut self, hold: &Hold, told: Told<'_>);
}

/// The first `hold`, `cut` and `heal`; until the hold, the lines of `H`'s kinds (actor, kind,
/// value, line); then `H`, given the held entry's lines.
pub(super) struct Story<H> {
    hold: Option<Hold>,
    cut: Option<usize>,
    heal: Option<usize>,
    early: Vec<(String, String, String, usize)>,
    pub(super) heed: H,
}

impl<H: Heed> Story<H> {
    pub(super) fn new(heed: H) -> Self {
        Story {
            hold: None,
            cut: None,
            heal: None,
            early: Vec::new(),
            heed,
        }
    }

    /// Reads one line.
    pub(super) fn line(&mut self, l: &Line) {
        let e = &l.event;
        match e.kind.as_str() {
            kinds::HOLD if self.hold.is_none() => {
                let hold = Hold {
                    who: e.actor.clone(),
                    tag: e.value.clone(),
                    line: l.no,
                };
                for (actor, kind, value, line) in std::mem::take(&mut self.early) {
                    if value == hold.tag {
                        let told = Told {
                            actor: &actor,
                            kind: &kind,
                            line,
                        };
                        self.heed.heed(&hold, told);
                    }
                }
                self.hold = Some(hold);
            }
            kinds::CUT => {
                self.cut.get_or_insert(l.no);
            }
            kinds::HEAL => {
                self.heal.get_or_insert(l.no);
            }
            k if H::KINDS.contains(&k) => match &self.hold {
                Some(hold) if e.value == hold.tag => {
                    let told = Told {
                        actor: &e.actor,
                        kind: k,
                        line: l.no,
                    };
                    self.heed.heed(hold, told);
                }
                Some(_) => {}
                None => self
                    .early
                    .push((e.actor.clone(), e.kind.clone(), e.value.clone(), l.no)),
            },
            _ => {}
        }
    }

    /// The hold, and the lines of the cut and the heal; or the violation saying which is
    /// missing (the hold first, then the cut, then the heal).
    pub(super) fn told(&self) -> Result<(&Hold, usize, usize), Outcome> {
        let missing = |what: &str| {
            violated(
                "partition",
                "a worker holds an entry across a cut and a heal",
                format!("one `{what}`"),
                "none".into(),
                vec![],
            )
        };
        let hold = self.hold.as_ref().ok_or_else(|| missing("hold"))?;
        let cut = self.cut.ok_or_else(|| missing("cut"))?;
        let heal = self.heal.ok_or_else(|| missing("heal"))?;
        Ok((hold, cut, heal))
    }
}
