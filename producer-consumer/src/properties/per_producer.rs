//! The fold of [`per_producer_order`](super::per_producer_order). It keeps, per consumer and
//! producer, the last item number got and its line: consumers x producers pairs, whatever the
//! number of items.

use std::collections::HashMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

const S: &str = "each consumer gets each producer's items in the order they were put";

pub(super) struct PerProducer {
    get_kind: &'static str,
    last: HashMap<(String, String), (u64, usize)>,
    broken: Option<Outcome>,
}

impl PerProducer {
    pub(super) fn new(get_kind: &'static str) -> Self {
        PerProducer {
            get_kind,
            last: HashMap::new(),
            broken: None,
        }
    }
}

impl Fold for PerProducer {
    fn line(&mut self, l: &Line) {
        if self.broken.is_some() || l.event.kind != self.get_kind {
            return;
        }
        let e = &l.event;
        let item = e
            .value
            .split_once(':')
            .and_then(|(p, j)| Some((p, j.parse::<u64>().ok()?)));
        let Some((p, j)) = item else {
            self.broken = Some(violated(
                "per-producer-order",
                S,
                "an item \"p:j\"".into(),
                format!("{:?}", e.value),
                vec![l.no],
            ));
            return;
        };
        if let Some((prev, at)) = self.last.insert((e.actor.clone(), p.to_owned()), (j, l.no))
            && prev >= j
        {
            self.broken = Some(violated(
                "per-producer-order",
                S,
                format!("{} gets {p}:{} after {p}:{prev}", e.actor, prev + 1),
                format!("{p}:{j} after {p}:{prev}"),
                vec![at, l.no],
            ));
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.broken.unwrap_or(Outcome::Held)
    }
}
