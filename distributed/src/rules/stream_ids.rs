//! Each actor's adds and reads carry increasing stream ids: the fold behind
//! [`stream_ids_increase`](super::stream_ids_increase).

use std::collections::HashMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::{parse_id, split_tag};
use crate::kinds;

/// Its state: per actor and kind (`add`, `read`), the last stream id and its line; and the
/// first violation.
#[derive(Default)]
pub(crate) struct StreamIds {
    last: HashMap<(String, String), ((u64, u64), usize)>,
    broken: Option<Outcome>,
}

impl Fold for StreamIds {
    fn line(&mut self, l: &Line) {
        let kind = l.event.kind.as_str();
        if self.broken.is_some() || (kind != kinds::ADD && kind != kinds::READ) {
            return;
        }
        let (_, id) = split_tag(&l.event.value);
        let Some(id) = parse_id(id) else {
            self.broken = Some(violated(
                "stream-ids-increase",
                "every add and read carries a stream id MS-SEQ",
                "ITEM MS-SEQ".into(),
                l.event.value.clone(),
                vec![l.no],
            ));
            return;
        };
        let key = (l.event.actor.clone(), kind.to_owned());
        if let Some((prev, no)) = self.last.get(&key)
            && *prev >= id
        {
            self.broken = Some(violated(
                "stream-ids-increase",
                "each actor's adds (and reads) carry increasing stream ids",
                format!("an id above {}-{}", prev.0, prev.1),
                l.event.value.clone(),
                vec![*no, l.no],
            ));
            return;
        }
        self.last.insert(key, (id, l.no));
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.broken.unwrap_or(Outcome::Held)
    }
}
