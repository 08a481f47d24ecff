//! "Each thread takes the RLock once per level, 1..=depth": each thread's `enter` levels
//! compared with 1, 2, 3... as they come, against the `depth` knob at the end.

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::missing_knob;
use crate::kinds as my;
use interleaving::knob::FirstKnob;
use interleaving::shown::Shown;

const RULE: &str = "every-thread-reenters-to-the-full-depth";

/// One thread's levels so far: whether they went 1, 2, 3..., and the first few, which a
/// violation quotes.
struct Levels {
    in_order: bool,
    got: Shown<u64>,
}

/// Its state: the knobs, and for `rlock-a` and `rlock-b` their [`Levels`].
pub(super) struct Reentered {
    knobs: FirstKnob,
    threads: [(&'static str, Levels); 2],
}

impl Default for Reentered {
    fn default() -> Self {
        let start = || Levels {
            in_order: true,
            got: Shown::default(),
        };
        Reentered {
            knobs: FirstKnob::default(),
            threads: [("rlock-a", start()), ("rlock-b", start())],
        }
    }
}

impl Fold for Reentered {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        let e = &l.event;
        if e.kind != my::ENTER {
            return;
        }
        let Ok(level) = e.value.parse::<u64>() else {
            return;
        };
        for (_, t) in self.threads.iter_mut().filter(|(who, _)| e.actor == *who) {
            t.in_order &= level == t.got.len() as u64 + 1;
            t.got.push(level);
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let Some(depth) = self.knobs.get::<u64>("depth") else {
            return missing_knob(RULE, "depth");
        };
        for (who, t) in &self.threads {
            if !(t.in_order && t.got.len() as u64 == depth) {
                let want: Vec<u64> = (1..=depth).collect();
                return violated(
                    RULE,
                    "each thread takes the RLock once per level, 1..=depth, without blocking itself",
                    format!("{who} enters {want:?}"),
                    t.got.to_string(),
                    vec![],
                );
            }
        }
        Outcome::Held
    }
}
