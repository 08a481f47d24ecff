//! Folds that count: events of one kind (an observation), and the `summary` of a `--forever`
//! run against the puts and gets the trace holds. Each keeps a few numbers.

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use crate::kinds;

/// How many events of one kind there were.
pub(super) struct Tally {
    kind: &'static str,
    n: usize,
}

impl Tally {
    pub(super) fn of(kind: &'static str) -> Self {
        Tally { kind, n: 0 }
    }
}

impl Fold for Tally {
    fn line(&mut self, l: &Line) {
        self.n += usize::from(l.event.kind == self.kind);
    }

    fn finish(self: Box<Self>) -> Outcome {
        Outcome::Observed(self.n.to_string())
    }
}

/// The last `summary` event (its value and line), and the numbers of puts and gets.
#[derive(Default)]
pub(super) struct Summary {
    last: Option<(String, usize)>,
    puts: usize,
    gets: usize,
}

impl Fold for Summary {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.kind == kinds::SUMMARY {
            self.last = Some((e.value.clone(), l.no));
        }
        self.puts += usize::from(e.kind == kinds::PUT);
        self.gets += usize::from(e.kind == kinds::GET);
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str = "the summary says produced=N consumed=N, the numbers of puts and gets";
        let Some((value, no)) = self.last else {
            return violated(
                "summary",
                S,
                "a summary event".into(),
                "none".into(),
                vec![],
            );
        };
        let (puts, gets) = (self.puts, self.gets);
        let want = format!("produced={puts} consumed={gets}");
        if value != want || puts != gets {
            return violated("summary", S, want, value, vec![no]);
        }
        Outcome::Held
    }
}
