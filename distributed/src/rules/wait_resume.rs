//! The producer's waits and resumes: the fold behind
//! [`wait_then_resume`](super::wait_then_resume).

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::cell_knobs::CellKnobs;
use crate::kinds;

/// Its state: whether the producer is waiting (since which line), and the first violation.
/// The bound comes from the cell's knobs, its first event: the producer's waits, resumes and
/// addings before it (none, in a run) are kept until it comes.
#[derive(Default)]
pub(crate) struct WaitResume {
    knobs: CellKnobs,
    bound: Option<u64>,
    early: Vec<(String, String, usize)>,
    waiting: Option<usize>,
    broken: Option<Outcome>,
}

impl WaitResume {
    fn step(&mut self, bound: u64, kind: &str, value: &str, no: usize) {
        if self.broken.is_some() {
            return;
        }
        let backlog = value
            .strip_prefix("backlog=")
            .and_then(|n| n.parse::<u64>().ok());
        let bad = |want: String| {
            violated(
                "wait-then-resume",
                "a wait reports a backlog at the bound; a resume, one below it, before the next adding",
                want,
                format!("{kind} {value}"),
                vec![no],
            )
        };
        match kind {
            kinds::WAIT if backlog.is_some_and(|b| b >= bound) && self.waiting.is_none() => {
                self.waiting = Some(no)
            }
            kinds::WAIT => self.broken = Some(bad(format!("one wait with backlog>={bound}"))),
            kinds::RESUME if backlog.is_some_and(|b| b < bound) && self.waiting.is_some() => {
                self.waiting = None
            }
            kinds::RESUME => {
                self.broken = Some(bad(format!("a resume after a wait, backlog<{bound}")))
            }
            kinds::ADDING if self.waiting.is_some() => {
                self.broken = Some(bad("a resume first".into()))
            }
            _ => {}
        }
    }
}

impl Fold for WaitResume {
    fn line(&mut self, l: &Line) {
        if self.knobs.line(l) {
            self.bound = self.knobs.u64("bound").ok();
            let early = std::mem::take(&mut self.early);
            for (kind, value, no) in early {
                if let Some(b) = self.bound {
                    self.step(b, &kind, &value, no);
                }
            }
        }
        let e = &l.event;
        let mine = e.actor == "producer"
            && matches!(e.kind.as_str(), kinds::WAIT | kinds::RESUME | kinds::ADDING);
        if !mine {
            return;
        }
        match (self.knobs.known(), self.bound) {
            (false, _) => self.early.push((e.kind.clone(), e.value.clone(), l.no)),
            (true, Some(b)) => self.step(b, &e.kind, &e.value, l.no),
            (true, None) => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        if let Err(o) = self.knobs.u64("bound") {
            return o;
        }
        self.broken.unwrap_or(Outcome::Held)
    }
}
