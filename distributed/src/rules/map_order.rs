//! `Pool.map`'s one value: the fold behind [`map_in_input_order`](super::map_in_input_order).

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::cell_knobs::CellKnobs;
use crate::kinds;
use interleaving::shown::Shown;

/// Its state: the cell's knobs and the `map` lines (one, in a run that holds).
#[derive(Default)]
pub(crate) struct MapOrder {
    knobs: CellKnobs,
    maps: Shown<(String, usize)>,
}

impl Fold for MapOrder {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        if l.event.kind == kinds::MAP {
            self.maps.push((l.event.value.clone(), l.no));
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let (n, fail) = match (self.knobs.u64("items"), self.knobs.u64("fail_at")) {
            (Ok(n), Ok(f)) => (n, f),
            (Err(o), _) | (_, Err(o)) => return o,
        };
        let want: Vec<String> = (0..n)
            .map(|x| {
                if x == fail {
                    "err".into()
                } else {
                    (x * x).to_string()
                }
            })
            .collect();
        let want = want.join(", ");
        match self.maps.first() {
            [(v, _)] if self.maps.len() == 1 && *v == want => Outcome::Held,
            _ => violated(
                "map-in-input-order",
                "Pool.map returns each input's result in input order, the failing one as its error",
                want,
                self.maps.map(|(v, _)| v).to_string(),
                self.maps.first().iter().map(|(_, no)| *no).collect(),
            ),
        }
    }
}
