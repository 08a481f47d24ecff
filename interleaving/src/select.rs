//! Choosing events out of a trace: "every print by child-*", "the last Hello by main".
//!
//! The virtual kind [`LINES`] selects whole lines of output rebuilt per actor from `print`
//! events and `write` fragments, so a property can say "Square: 4 printed once" even when the
//! line was written in three pieces and torn by another thread.

mod picker;

use std::borrow::Cow;
use std::fmt;

use crate::read::Line;

pub use picker::Picker;

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
pub struct Picked<'a> {
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

    /// The items of `lines` this selection picks, in trace order (a line of output in the
    /// order it was completed). A rule that reads a trace as it streams uses a [`Picker`].
    pub fn items(&self, lines: &[Line]) -> Vec<Item> {
        picker::all_items(self, lines)
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
    Select::lines().items(lines)
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
