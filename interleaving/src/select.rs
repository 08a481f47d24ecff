//! Choosing events out of a trace: "every print by child-*", "the last Hello by main".
//!
//! The virtual kind [`LINES`] selects whole lines of output rebuilt per actor from `print`
//! events and `write` fragments, so a property can say "Square: 4 printed once" even when the
//! line was written in three pieces and torn by another thread.

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
        if self.kind == LINES {
            format!(
                "line {}: {:?} printed by {}",
                self.line, self.value, self.actor
            )
        } else {
            format!(
                "line {}: {} {:?} by {}",
                self.line, self.kind, self.value, self.actor
            )
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
        let all = if self.kind.as_deref() == Some(LINES) {
            rebuild_lines(lines)
        } else {
            lines
                .iter()
                .filter(|l| self.kind.as_ref().is_none_or(|k| *k == l.event.kind))
                .map(|l| Item {
                    line: l.no,
                    first_line: l.no,
                    actor: l.event.actor.clone(),
                    pid: l.event.pid,
                    kind: l.event.kind.clone(),
                    value: l.event.value.clone(),
                })
                .collect()
        };
        let mut matched: Vec<Item> = all
            .into_iter()
            .filter(|i| self.actor.as_ref().is_none_or(|p| p.matches(&i.actor)))
            .filter(|i| self.value.as_ref().is_none_or(|p| p.matches(&i.value)))
            .collect();
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
    // Open (unfinished) line per (actor, pid): its text so far and where it began.
    let mut open: Vec<((String, u32), String, usize)> = Vec::new();
    let mut out = Vec::new();
    for l in lines {
        let e = &l.event;
        let key = (e.actor.clone(), e.pid);
        let mut finish = |text: String, first: usize| {
            out.push(Item {
                line: l.no,
                first_line: first,
                actor: e.actor.clone(),
                pid: e.pid,
                kind: LINES.to_owned(),
                value: text,
            })
        };
        let slot = open.iter().position(|(k, _, _)| *k == key);
        match e.kind.as_str() {
            kinds::PRINT => {
                // A print after unfinished fragments ends that line first, as on a terminal.
                let (text, first) = match slot {
                    Some(i) => {
                        let (_, mut t, f) = open.remove(i);
                        t.push_str(&e.value);
                        (t, f)
                    }
                    None => (e.value.clone(), l.no),
                };
                finish(text, first);
            }
            kinds::WRITE => {
                let (mut text, first) = match slot {
                    Some(i) => {
                        let (_, t, f) = open.remove(i);
                        (t, f)
                    }
                    None => (String::new(), l.no),
                };
                let mut first = first;
                let mut pieces = e.value.split('\n').peekable();
                while let Some(piece) = pieces.next() {
                    text.push_str(piece);
                    if pieces.peek().is_some() {
                        finish(std::mem::take(&mut text), first);
                        first = l.no;
                    }
                }
                if !text.is_empty() {
                    open.push((key, text, first));
                }
            }
            _ => {}
        }
    }
    let last_no = lines.last().map_or(0, |l| l.no);
    for ((actor, pid), text, first) in open {
        out.push(Item {
            line: last_no,
            first_line: first,
            actor,
            pid,
            kind: LINES.to_owned(),
            value: text,
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
