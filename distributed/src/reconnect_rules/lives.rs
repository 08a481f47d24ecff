//! A worker's life splits at its `reconnect`: its own lines before it and after it. Whose
//! lines count is the setting's workers (its `start` events); `main` writes `start` before it
//! spawns a worker, so a worker's lines come after it. Should a line a reader reads come from
//! an actor not started yet, everything from there is kept (owned, only the reader's kinds)
//! until the end says whether that actor was started after all, and if so read again.

use std::collections::BTreeSet;

use interleaving::{Line, kinds as k};

use crate::kinds;

/// Before or after the worker's `reconnect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Life {
    /// Before it connected again (before the crash, as it sees it).
    Before,
    /// After it.
    After,
}

impl Life {
    /// 0 before, 1 after: an index into a pair of per-life things.
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// A worker's line, as a life's reader reads it.
pub(super) struct Seen<'a> {
    pub(super) actor: &'a str,
    pub(super) kind: &'a str,
    pub(super) value: &'a str,
    pub(super) line: usize,
}

/// What reads the workers' lines of one setting, each with the life it falls in, in trace
/// order.
pub(super) trait LifeReader: Clone {
    /// The kinds it reads (the others never reach it).
    const KINDS: &'static [&'static str];

    /// Reads one line of a worker.
    fn read(&mut self, life: Life, seen: &Seen<'_>);
}

/// Its state: the workers started so far, those whose `reconnect` came, the reader; and, from
/// the first line of the reader's kinds by an actor not started, what is in doubt.
pub(super) struct Lives<R> {
    workers: BTreeSet<String>,
    back: BTreeSet<String>,
    reader: R,
    doubt: Option<Doubt<R>>,
}

/// Since the first line of an actor not started: the state then, the actors not started
/// whose lines came, and every line of the reader's kinds (and `reconnect`s) since.
struct Doubt<R> {
    back: BTreeSet<String>,
    reader: R,
    strangers: BTreeSet<String>,
    since: Vec<(String, String, String, usize)>,
}

impl<R: LifeReader> Lives<R> {
    pub(super) fn new(reader: R) -> Self {
        Lives {
            workers: BTreeSet::new(),
            back: BTreeSet::new(),
            reader,
            doubt: None,
        }
    }

    /// Reads one line.
    pub(super) fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.kind == k::START {
            self.workers.insert(e.value.clone());
            return;
        }
        if e.kind != kinds::RECONNECT && !R::KINDS.contains(&e.kind.as_str()) {
            return;
        }
        let worker = self.workers.contains(&e.actor);
        if !worker && self.doubt.is_none() {
            self.doubt = Some(Doubt {
                back: self.back.clone(),
                reader: self.reader.clone(),
                strangers: BTreeSet::new(),
                since: Vec::new(),
            });
        }
        if let Some(d) = &mut self.doubt {
            if !worker {
                d.strangers.insert(e.actor.clone());
            }
            d.since
                .push((e.actor.clone(), e.kind.clone(), e.value.clone(), l.no));
        }
        if worker {
            let seen = Seen {
                actor: &e.actor,
                kind: &e.kind,
                value: &e.value,
                line: l.no,
            };
            step(&mut self.back, &mut self.reader, &seen);
        }
    }

    /// The reader, having read every worker's lines (the setting's `start`s, all of them).
    pub(super) fn finish(self) -> R {
        let Some(mut d) = self.doubt else {
            return self.reader;
        };
        if !d.strangers.iter().any(|a| self.workers.contains(a)) {
            return self.reader;
        }
        for (actor, kind, value, line) in &d.since {
            if self.workers.contains(actor) {
                let seen = Seen {
                    actor,
                    kind,
                    value,
                    line: *line,
                };
                step(&mut d.back, &mut d.reader, &seen);
            }
        }
        d.reader
    }
}

/// A worker's line: its `reconnect` starts its second life; any other goes to the reader.
fn step<R: LifeReader>(back: &mut BTreeSet<String>, reader: &mut R, seen: &Seen<'_>) {
    if seen.kind == kinds::RECONNECT {
        back.insert(seen.actor.to_owned());
        return;
    }
    let life = match back.contains(seen.actor) {
        true => Life::After,
        false => Life::Before,
    };
    reader.read(life, seen);
}

#[cfg(test)]
mod tests {
    use interleaving::{Outcome, Trace};

    use crate::reconnect_rules::duplicates_are_redeliveries_in_each_life;

    #[test]
    fn a_workers_line_before_its_start_is_still_its_own() {
        let steps = |early: bool| {
            let first = ("worker-1", "process", "1 1-0");
            let mut s = vec![("main", "setting", "none")];
            if early {
                s.push(first);
            }
            s.push(("main", "start", "worker-1"));
            if !early {
                s.push(first);
            }
            s.push(("worker-1", "process", "1 1-0"));
            Trace::from_steps(s)
        };
        let rule = duplicates_are_redeliveries_in_each_life();
        for early in [false, true] {
            let o = rule.eval(&steps(early).lines);
            assert!(matches!(o, Outcome::Violated(_)), "{early}: {o:?}");
        }
    }
}
