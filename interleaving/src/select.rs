//! Choosing events out of a trace: "every print by child-*", "the last Hello by main".
//!
//! The virtual kind [`LINES`] selects whole lines of output rebuilt per actor from `print`
//! events and `write` fragments, so a property can say "Square: 4 printed once" even when the
//! line was written in three pieces and torn by another thread.

use std::borrow::Cow;
use std::fmt;

use crate::event::kinds;
use crate::read::Line;

/// The virtual kind for rebuilt lines of output (see the module docs).
pub const LINES: &str = "line";

/// A match on a string: alternatives split by `|`, each exact or a prefix ending in `*`.
///
/// ```
/// use interleaving::select::Pattern;
/// let p = Pattern::new("square|child-*");
/// assert!(p.matches("square") && p.matches("child-3") && !p.matches("main"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern(String);

impl Pattern {
    /// Makes a pattern from its text.
    pub fn new(text: impl Into<String>) -> Self {
        Pattern(text.into())
    }

    /// Whether `s` matches one of the alternatives.
    pub fn matches(&self, s: &str) -> bool {
        self.0.split('|').any(|alt| match alt.strip_suffix('*') {
            Some(prefix) => s.starts_with(prefix),
            None => s == alt,
        })
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which of the matching items to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Every match.
    All,
    /// Only the first match.
    First,
    /// Only the last match.
    Last,
    /// Only the n-th match (0-based).
    Nth(usize),
}

/// A selection of items from a trace segment.
///
/// ```
/// use interleaving::Select;
/// let hello = Select::lines().by("main").value("Hello").last();
/// assert_eq!(hello.to_string(), "line \"Hello\" by main (last)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    kind: Option<String>,
    actor: Option<Pattern>,
    value: Option<Pattern>,
    pick: Pick,
}

/// One selected item: an event, or a line rebuilt from fragments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The trace line that completed it (for a rebuilt line, its last fragment).
    pub line: usize,
    /// The trace line where it began (for a rebuilt line, its first fragment).
    pub first_line: usize,
    /// Who did it.
    pub actor: String,
    /// The process it came from.
    pub pid: u32,
    /// The event's kind (or [`LINES`]).
    pub kind: String,
    /// The event's value (or the rebuilt line, without its newline).
    pub value: String,
}

impl Item {
    /// A short quote for messages: `line 7: join "square" by main`, `line 9: "Hello" printed by main`.
    pub fn quote(&self) -> String {
        quote(self.line, &self.kind, &self.value, &self.actor)
    }
}

fn quote(line: usize, kind: &str, value: &str, actor: &str) -> String {
    if kind == LINES {
        format!("line {line}: {value:?} printed by {actor}")
    } else {
        format!("line {line}: {kind} {value:?} by {actor}")
    }
}

/// One selected item borrowed from the trace lines it came from: what the built-in rules
/// read, so that selecting a million gets copies no string (only a line rebuilt from several
/// fragments owns its text). [`Item`] is its owned form, for rules outside this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Picked<'a> {
    /// The trace line that completed it (for a rebuilt line, its last fragment).
    pub line: usize,
    /// The trace line where it began (for a rebuilt line, its first fragment).
    pub first_line: usize,
    /// Who did it.
    pub actor: &'a str,
    /// The process it came from.
    pub pid: u32,
    /// The event's kind (or [`LINES`]).
    pub kind: &'a str,
    /// The event's value (or the rebuilt line, without its newline).
    pub value: Cow<'a, str>,
}

impl Picked<'_> {
    /// The same quote as [`Item::quote`].
    pub fn quote(&self) -> String {
        quote(self.line, self.kind, &self.value, self.actor)
    }

    /// Its owned form.
    pub fn to_item(&self) -> Item {
        Item {
            line: self.line,
            first_line: self.first_line,
            actor: self.actor.to_owned(),
            pid: self.pid,
            kind: self.kind.to_owned(),
            value: self.value.clone().into_owned(),
        }
    }
}

impl Select {
    /// Every event of one kind (or [`LINES`]).
    pub fn kind(kind: &str) -> Self {
        Select {
            kind: Some(kind.to_owned()),
            actor: None,
            value: None,
            pick: Pick::All,
        }
    }

    /// Every event, whatever its kind.
    pub fn any() -> Self {
        Select {
            kind: None,
            actor: None,
            value: None,
            pick: Pick::All,
        }
    }

    /// Whole lines of output, rebuilt per actor (the virtual kind [`LINES`]).
    pub fn lines() -> Self {
        Self::kind(LINES)
    }

    /// Only items by actors matching `pattern` (see [`Pattern`]).
    pub fn by(mut self, pattern: &str) -> Self {
        self.actor = Some(Pattern::new(pattern));
        self
    }

    /// Only items whose value matches `pattern` (see [`Pattern`]).
    pub fn value(mut self, pattern: &str) -> Self {
        self.value = Some(Pattern::new(pattern));
        self
    }

    /// Keep only the first match.
    pub fn first(mut self) -> Self {
        self.pick = Pick::First;
        self
    }

    /// Keep only the last match.
    pub fn last(mut self) -> Self {
        self.pick = Pick::Last;
        self
    }

    /// Keep only the n-th match (0-based).
    pub fn nth(mut self, n: usize) -> Self {
        self.pick = Pick::Nth(n);
        self
    }

    /// The items of `lines` this selection picks, in trace order.
    pub fn items(&self, lines: &[Line]) -> Vec<Item> {
        self.picked(lines).iter().map(Picked::to_item).collect()
    }

    /// The items this selection picks, borrowed from `lines`, in trace order.
    pub(crate) fn picked<'a>(&self, lines: &'a [Line]) -> Vec<Picked<'a>> {
        let wanted = |actor: &str, value: &str| {
            self.actor.as_ref().is_none_or(|p| p.matches(actor))
                && self.value.as_ref().is_none_or(|p| p.matches(value))
        };
        let mut matched: Vec<Picked<'a>> = if self.kind.as_deref() == Some(LINES) {
            let mut all = rebuilt(lines);
            all.retain(|i| wanted(i.actor, &i.value));
            all
        } else {
            lines
                .iter()
                .filter(|l| self.kind.as_ref().is_none_or(|k| *k == l.event.kind))
                .filter(|l| wanted(&l.event.actor, &l.event.value))
                .map(|l| Picked {
                    line: l.no,
                    first_line: l.no,
                    actor: &l.event.actor,
                    pid: l.event.pid,
                    kind: &l.event.kind,
                    value: Cow::Borrowed(&l.event.value),
                })
                .collect()
        };
        match self.pick {
            Pick::All => matched,
            Pick::First => matched.into_iter().take(1).collect(),
            Pick::Last => matched.pop().into_iter().collect(),
            Pick::Nth(n) => matched.into_iter().nth(n).into_iter().collect(),
        }
    }
}

impl fmt::Display for Select {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_deref().unwrap_or("event"))?;
        if let Some(v) = &self.value {
            write!(f, " {:?}", v.0)?;
        }
        if let Some(a) = &self.actor {
            write!(f, " by {a}")?;
        }
        match self.pick {
            Pick::All => Ok(()),
            Pick::First => f.write_str(" (first)"),
            Pick::Last => f.write_str(" (last)"),
            Pick::Nth(n) => write!(f, " (#{n})"),
        }
    }
}

/// Rebuilds whole lines per actor from `print` events and `write` fragments, in the order
/// each line was completed. Text left without a newline at the end still counts as a line.
pub fn rebuild_lines(lines: &[Line]) -> Vec<Item> {
    rebuilt(lines).iter().map(Picked::to_item).collect()
}

/// [`rebuild_lines`], borrowed: a line printed or written whole is a slice of its event's
/// value; only a line made of several fragments owns its text.
pub(crate) fn rebuilt<'a>(lines: &'a [Line]) -> Vec<Picked<'a>> {
    // Open (unfinished) line per (actor, pid): its text so far and where it began.
    let mut open: Vec<((&str, u32), String, usize)> = Vec::new();
    let mut out = Vec::new();
    for l in lines {
        let e = &l.event;
        let key = (e.actor.as_str(), e.pid);
        let mut finish = |text: Cow<'a, str>, first: usize| {
            out.push(Picked {
                line: l.no,
                first_line: first,
                actor: &e.actor,
                pid: e.pid,
                kind: LINES,
                value: text,
            })
        };
        let slot = open.iter().position(|(k, _, _)| *k == key);
        match e.kind.as_str() {
            kinds::PRINT => {
                // A print after unfinished fragments ends that line first, as on a terminal.
                match slot {
                    Some(i) => {
                        let (_, mut t, f) = open.remove(i);
                        t.push_str(&e.value);
                        finish(Cow::Owned(t), f);
                    }
                    None => finish(Cow::Borrowed(&e.value), l.no),
                }
            }
            kinds::WRITE => {
                let (mut text, mut first) = match slot {
                    Some(i) => {
                        let (_, t, f) = open.remove(i);
                        (Some(t), f)
                    }
                    None => (None, l.no),
                };
                let mut pieces = e.value.split('\n').peekable();
                while let Some(piece) = pieces.next() {
                    if pieces.peek().is_some() {
                        let whole = match text.take() {
                            Some(mut t) => {
                                t.push_str(piece);
                                Cow::Owned(t)
                            }
                            None => Cow::Borrowed(piece),
                        };
                        finish(whole, first);
                        first = l.no;
                    } else if !piece.is_empty() {
                        text.get_or_insert_with(String::new).push_str(piece);
                    }
                }
                if let Some(t) = text.filter(|t| !t.is_empty()) {
                    open.push((key, t, first));
                }
            }
            _ => {}
        }
    }
    let last_no = lines.last().map_or(0, |l| l.no);
    for ((actor, pid), text, first) in open {
        out.push(Picked {
            line: last_no,
            first_line: first,
            actor,
            pid,
            kind: LINES,
            value: Cow::Owned(text),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Trace};

    fn ev(actor: &str, kind: &str, value: &str) -> Event {
        Event::new(0, 0, 1, actor, kind, value)
    }

    #[test]
    fn torn_fragments_rebuild_into_whole_lines() {
        let t = Trace::from_events([
            ev("square", "write", "Square:"),
            ev("cube", "write", "Cube:"),
            ev("square", "write", " 4\n"),
            ev("main", "print", "Hello"),
            ev("cube", "write", " 27\n"),
        ]);
        let got: Vec<(String, String, usize, usize)> = rebuild_lines(&t.lines)
            .into_iter()
            .map(|i| (i.actor, i.value, i.first_line, i.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("square".into(), "Square: 4".into(), 1, 3),
                ("main".into(), "Hello".into(), 4, 4),
                ("cube".into(), "Cube: 27".into(), 2, 5),
            ]
        );
    }

    #[test]
    fn picks_first_last_nth() {
        let t = Trace::from_events([
            ev("main", "print", "Hello"),
            ev("main", "join", "a"),
            ev("main", "print", "Hello"),
        ]);
        let hello = Select::lines().by("main").value("Hello");
        assert_eq!(hello.items(&t.lines).len(), 2);
        assert_eq!(hello.clone().first().items(&t.lines)[0].line, 1);
        assert_eq!(hello.clone().last().items(&t.lines)[0].line, 3);
        assert!(hello.nth(5).items(&t.lines).is_empty());
    }
}
