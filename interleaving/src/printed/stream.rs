//! The `printed-lines` rule read as a fold: each actor's output rebuilt line by line as the
//! trace streams, and each line taken at once by an exact line its actor must print.
//!
//! What it keeps: the expected lines (made from the knobs when the `knob` event comes), how
//! many of each exact line are still due, the text of each actor's unfinished line, and the
//! lines no exact line of their actor took, for the patterns, the groups
//! ([`Printed::among`]) and the extras, judged at the end as before.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::among::Among;
use super::numbered::Numbered;
use super::{Expected, NO_NEWLINE, Printed, STATEMENT, Seen, judge_rest};
use crate::event::kinds;
use crate::fold::Fold;
use crate::knob::{FirstKnob, Knobs};
use crate::read::Line;
use crate::rule::{Outcome, violated};

/// Makes the expected lines once the knobs are known.
pub(super) type Want = std::sync::Arc<dyn Fn(&Knobs) -> Result<Printed, String> + Send + Sync>;

/// Each actor's output, rebuilt line by line (an actor is its name: a child process of the
/// same name is the same lane), with the line number of the event that ended each line.
#[derive(Default)]
pub(super) struct ByActor {
    open: BTreeMap<String, (String, usize)>,
}

impl ByActor {
    /// Reads one event; `out` gets each line of output it ends, `(actor, text, line)`.
    pub(super) fn line(&mut self, l: &Line, out: &mut dyn FnMut(&str, String, usize)) {
        let e = &l.event;
        let text = match e.kind.as_str() {
            kinds::PRINT => format!("{}\n", e.value),
            kinds::WRITE => e.value.clone(),
            _ => return,
        };
        let (buf, last) = self.open.entry(e.actor.clone()).or_default();
        buf.push_str(&text);
        *last = l.no;
        while let Some(i) = buf.find('\n') {
            let line: String = buf.drain(..=i).collect();
            out(&e.actor, line[..line.len() - 1].to_owned(), l.no);
        }
    }

    /// The end: text left without its newline is a line that carries [`NO_NEWLINE`].
    pub(super) fn finish(self, out: &mut dyn FnMut(&str, String, usize)) {
        for (actor, (rest, no)) in self.open {
            if !rest.is_empty() {
                out(&actor, format!("{rest}{NO_NEWLINE}"), no);
            }
        }
    }
}

/// Makes the expected lines that depend on what the cell did, at its end.
pub(super) type More = Arc<dyn Fn(&Knobs, &Seen) -> Result<Printed, String> + Send + Sync>;

pub(super) struct PrintedFold {
    want: Want,
    /// The lines known only at the end, and what the cell did that they need.
    more: Option<(More, Seen)>,
    knobs: Knobs,
    first_knob: FirstKnob,
    /// Until the `knob` event: the output lines seen before it (none in a well-formed cell).
    early: Vec<(String, String, usize)>,
    expected: Option<Result<Printed, String>>,
    /// Per actor, how many of each of its exact lines are still due.
    due: HashMap<String, HashMap<String, usize>>,
    /// Per actor, its numbered lines, each number taken once.
    numbered: BTreeMap<String, Vec<Numbered>>,
    /// The groups ([`Printed::among`]), their numbered lines taken as they stream.
    groups: Vec<Among>,
    /// The group an actor's lines can go to as they stream: the one group it is in, if it has
    /// no pattern of its own (else the order of the judge at the end decides).
    only_group: HashMap<String, usize>,
    by_actor: ByActor,
    rest: BTreeMap<String, Vec<(String, usize)>>,
}

impl PrintedFold {
    pub(super) fn new(want: Want, more: Option<(More, Seen)>) -> Self {
        PrintedFold {
            want,
            more,
            knobs: Knobs::default(),
            first_knob: FirstKnob::default(),
            early: Vec::new(),
            expected: None,
            due: HashMap::new(),
            numbered: BTreeMap::new(),
            groups: Vec::new(),
            only_group: HashMap::new(),
            by_actor: ByActor::default(),
            rest: BTreeMap::new(),
        }
    }

    fn expect(&mut self, knobs: &Knobs) {
        self.knobs = knobs.clone();
        let expected = (self.want)(knobs);
        if let Ok(p) = &expected {
            for (actor, lines) in &p.by {
                let due = self.due.entry(actor.clone()).or_default();
                for e in lines {
                    if let Expected::Exact(s) = e {
                        *due.entry(s.clone()).or_default() += 1;
                    }
                }
            }
            self.numbered = p.numbered.clone();
            self.groups = p.among.clone();
            let mut groups_of: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, g) in p.among.iter().enumerate() {
                for a in &g.actors {
                    groups_of.entry(a).or_default().push(i);
                }
            }
            let has_like = |a: &str| {
                p.by.get(a)
                    .is_some_and(|l| l.iter().any(|e| matches!(e, Expected::Like(_))))
            };
            self.only_group = groups_of
                .into_iter()
                .filter(|(a, gs)| gs.len() == 1 && !has_like(a))
                .map(|(a, gs)| (a.to_owned(), gs[0]))
                .collect();
        }
        self.expected = Some(expected);
        for (actor, text, no) in std::mem::take(&mut self.early) {
            take(&mut self.taking(), &actor, text, no);
        }
    }
}

/// What takes a line as it streams, borrowed from the fold.
struct Taking<'a> {
    due: &'a mut HashMap<String, HashMap<String, usize>>,
    numbered: &'a mut BTreeMap<String, Vec<Numbered>>,
    groups: &'a mut Vec<Among>,
    only_group: &'a HashMap<String, usize>,
    rest: &'a mut BTreeMap<String, Vec<(String, usize)>>,
}

impl PrintedFold {
    fn taking(&mut self) -> Taking<'_> {
        Taking {
            due: &mut self.due,
            numbered: &mut self.numbered,
            groups: &mut self.groups,
            only_group: &self.only_group,
            rest: &mut self.rest,
        }
    }
}

/// An exact line its actor still owes (or a numbered one, its own or its group's) takes it;
/// any other is kept for the end.
fn take(t: &mut Taking<'_>, actor: &str, text: String, no: usize) {
    let Taking {
        due,
        numbered,
        groups,
        only_group,
        rest,
    } = t;
    if let Some(n) = due.get_mut(actor).and_then(|d| d.get_mut(&text))
        && *n > 0
    {
        *n -= 1;
        return;
    }
    if let Some(lines) = numbered.get_mut(actor)
        && lines.iter_mut().any(|g| g.take(&text))
    {
        return;
    }
    if let Some(&g) = only_group.get(actor)
        && groups[g].take_numbered(&text, actor)
    {
        return;
    }
    rest.entry(actor.to_owned()).or_default().push((text, no));
}

impl Fold for PrintedFold {
    fn line(&mut self, l: &Line) {
        if self.first_knob.line(l)
            && let Some(knobs) = self.first_knob.knobs()
        {
            self.expect(&knobs.clone());
        }
        if let Some((_, seen)) = &mut self.more {
            seen.line(l);
        }
        let mut ended = Vec::new();
        self.by_actor.line(l, &mut |actor, text, no| {
            ended.push((actor.to_owned(), text, no))
        });
        for (actor, text, no) in ended {
            if self.expected.is_none() {
                self.early.push((actor, text, no));
            } else {
                take(&mut self.taking(), &actor, text, no);
            }
        }
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        if self.expected.is_none() {
            self.expect(&Knobs::default());
        }
        let by_actor = std::mem::take(&mut self.by_actor);
        let mut taking = self.taking();
        by_actor.finish(&mut |actor, text, no| take(&mut taking, actor, text, no));
        let expected = self.expected.take().unwrap_or_else(|| Ok(Printed::new()));
        let more = match self.more.take() {
            Some((more, seen)) => more(&self.knobs, &seen).map(Some),
            None => Ok(None),
        };
        let (expected, more) = match (expected, more) {
            (Ok(p), Ok(more)) => (p, more),
            (Err(e), _) | (_, Err(e)) => {
                return violated(
                    "printed-lines",
                    STATEMENT,
                    e,
                    "no such knob in the cell".into(),
                    vec![],
                );
            }
        };
        // What the exact lines took is no longer due: the rest is judged as a whole cell's
        // would be. Of an exact line expected n times and printed k, the last n-k are the
        // ones a whole cell's judge finds missing.
        let mut left = Printed {
            by: BTreeMap::new(),
            numbered: std::mem::take(&mut self.numbered),
            among: std::mem::take(&mut self.groups),
        };
        for (actor, lines) in &expected.by {
            let mut total: HashMap<&str, usize> = HashMap::new();
            for e in lines {
                if let Expected::Exact(s) = e {
                    *total.entry(s).or_default() += 1;
                }
            }
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let still = lines
                .iter()
                .filter(|e| {
                    let Expected::Exact(s) = e else {
                        return true;
                    };
                    let due = self.due.get(actor).and_then(|d| d.get(s)).copied();
                    let k = seen.entry(s).or_default();
                    *k += 1;
                    *k > total[s.as_str()] - due.unwrap_or(0)
                })
                .cloned()
                .collect();
            left.by.insert(actor.clone(), still);
        }
        // The lines known only now are judged with what the stream left.
        let expected = match more {
            Some(more) => {
                left = left.and(more.clone());
                expected.and(more)
            }
            None => expected,
        };
        judge_rest(std::mem::take(&mut self.rest), &left, &expected, STATEMENT)
    }
}
