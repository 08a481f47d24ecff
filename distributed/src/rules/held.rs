//! What the killed workers held: read (or claimed) and never acknowledged. Who is killed is
//! known only at the end (`main` writes `kill` after reaping the worker), so this follows
//! every actor's entries in flight and answers for any set of the dead.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use interleaving::Line;

use super::split_tag;
use crate::kinds;

/// Per item still read and unacknowledged by someone: each actor's last read, claim or ack of
/// it (the acks only where a read they may cancel came before them). An item leaves once no
/// actor holds it: one record per entry in flight.
#[derive(Debug, Clone, Default)]
pub(crate) struct Held {
    items: HashMap<String, Vec<Last>>,
}

/// An actor's last read (or claim), or ack, of an item.
#[derive(Debug, Clone)]
struct Last {
    actor: String,
    ack: bool,
    line: usize,
}

impl Held {
    /// Reads one line: a read or claim takes an item, an ack gives it back.
    pub(crate) fn line(&mut self, l: &Line) {
        let ack = match l.event.kind.as_str() {
            kinds::READ | kinds::CLAIM => false,
            kinds::ACK => true,
            _ => return,
        };
        let (item, _) = split_tag(&l.event.value);
        let last = Last {
            actor: l.event.actor.clone(),
            ack,
            line: l.no,
        };
        let Some(records) = self.items.get_mut(item) else {
            if !ack {
                self.items.insert(item.to_owned(), vec![last]);
            }
            return;
        };
        match records.iter_mut().find(|r| r.actor == last.actor) {
            Some(r) => *r = last,
            None => records.push(last),
        }
        // An ack matters only where it comes after a read it gives back; with no read left,
        // nobody holds the item.
        match records.iter().filter(|r| !r.ack).map(|r| r.line).min() {
            Some(first_read) => records.retain(|r| !r.ack || r.line > first_read),
            None => {
                self.items.remove(item);
            }
        }
    }

    /// What the actors in `dead` held at the end, with the line each took it on: where the
    /// last of their reads, claims and acks of an item is a read or a claim.
    pub(crate) fn by(&self, dead: &BTreeSet<String>) -> BTreeMap<String, usize> {
        let mut held = BTreeMap::new();
        for (item, records) in &self.items {
            let last = records
                .iter()
                .filter(|r| dead.contains(&r.actor))
                .max_by_key(|r| r.line);
            if let Some(r) = last.filter(|r| !r.ack) {
                held.insert(item.clone(), r.line);
            }
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use interleaving::Trace;

    use super::Held;

    fn held(steps: &[(&str, &str, &str)], dead: &[&str]) -> Vec<(String, usize)> {
        let mut h = Held::default();
        for l in &Trace::from_steps(steps.iter().copied()).lines {
            h.line(l);
        }
        let dead: BTreeSet<String> = dead.iter().map(|d| d.to_string()).collect();
        h.by(&dead).into_iter().collect()
    }

    #[test]
    fn an_ack_gives_back_what_any_of_the_dead_read_before_it() {
        let steps = [
            ("w1", "read", "0 1-0"),
            ("w2", "claim", "0 1-0"),
            ("w2", "ack", "0 1-0"),
            ("w1", "read", "1 1-1"),
        ];
        assert_eq!(held(&steps, &["w1"]), [("0".into(), 1), ("1".into(), 4)]);
        assert_eq!(held(&steps, &["w1", "w2"]), [("1".into(), 4)]);
        assert_eq!(held(&steps, &["w2"]), []);
    }
}
