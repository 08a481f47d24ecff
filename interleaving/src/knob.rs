//! Knobs as events: each cell says, first thing, the flag values it really runs with, so the
//! properties can take their bounds from the trace ("5 squares" becomes "`children` squares")
//! and hold for whatever values a learner passes.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::str::FromStr;

use crate::emit::lesson_actor;
use crate::event::kinds;
use crate::read::Line;

/// Emits the cell's `knob` event: `key=value` fields, by the `lesson` actor. Call it first
/// thing in every cell, with the values the cell really uses (after any clamping).
///
/// ```
/// let children = 3u64;
/// interleaving::knob::emit(&[("children", &children), ("work_ms", &0)]);
/// ```
pub fn emit(pairs: &[(&str, &dyn Display)]) {
    lesson_actor().emit(kinds::KNOB, format(pairs));
}

/// The `knob` event's value for these pairs: `children=3 work_ms=0`.
///
/// ```
/// assert_eq!(interleaving::knob::format(&[("a", &1), ("b", &"x")]), "a=1 b=x");
/// ```
pub fn format(pairs: &[(&str, &dyn Display)]) -> String {
    let fields: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    fields.join(" ")
}

/// The knob values of one cell, read back from its `knob` event.
///
/// ```
/// use interleaving::{knob::Knobs, Trace};
/// let t = Trace::from_steps([("lesson", "knob", "children=3 work_ms=0")]);
/// let k = Knobs::of(&t.lines);
/// assert_eq!(k.get::<u64>("children"), Some(3));
/// assert_eq!(k.get::<u64>("items"), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Knobs {
    values: BTreeMap<String, String>,
    /// The trace line of the `knob` event (0: none).
    pub line: usize,
}

impl Knobs {
    /// The knobs of the first `knob` event in `lines` (empty if there is none).
    pub fn of(lines: &[Line]) -> Knobs {
        let Some(l) = lines.iter().find(|l| l.event.kind == kinds::KNOB) else {
            return Knobs::default();
        };
        Knobs {
            values: fields(&l.event.value).into_iter().collect(),
            line: l.no,
        }
    }

    /// The value of knob `name`, parsed; `None` if absent or not a `T`.
    pub fn get<T: FromStr>(&self, name: &str) -> Option<T> {
        self.values.get(name)?.parse().ok()
    }

    /// The value of knob `name` as a whole number, or an error that says which is missing.
    pub fn u64(&self, name: &str) -> Result<u64, String> {
        self.get(name).ok_or_else(|| {
            format!(
                "a `knob` event with a whole number `{name}=N` (got {:?})",
                self.values
            )
        })
    }
}

/// `key=value` fields split by spaces, in order; a value may not hold a space.
///
/// ```
/// assert_eq!(interleaving::knob::fields("a=1 b=x y"), vec![("a".into(), "1".into()), ("b".into(), "x".into())]);
/// ```
pub fn fields(value: &str) -> Vec<(String, String)> {
    value
        .split_whitespace()
        .filter_map(|f| f.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// A cell's knobs as its lines stream by: the first `knob` event's, once it came. What a fold
/// keeps of the knobs (the rules every trace gets make the `knob` event a cell's first).
///
/// ```
/// use interleaving::knob::FirstKnob;
/// use interleaving::Trace;
/// let t = Trace::from_steps([("lesson", "knob", "items=3"), ("lesson", "knob", "items=9")]);
/// let mut k = FirstKnob::default();
/// assert!(k.line(&t.lines[0]));
/// assert!(!k.line(&t.lines[1]));
/// assert_eq!(k.get::<u64>("items"), Some(3));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstKnob(Option<Knobs>);

impl FirstKnob {
    /// Reads a line; true if it was the first `knob` event.
    pub fn line(&mut self, l: &Line) -> bool {
        let first = self.0.is_none() && l.event.kind == kinds::KNOB;
        if first {
            self.0 = Some(Knobs::of(std::slice::from_ref(l)));
        }
        first
    }

    /// The knobs, once the `knob` event came.
    pub fn knobs(&self) -> Option<&Knobs> {
        self.0.as_ref()
    }

    /// The value of knob `name`, parsed; `None` before the `knob` event, or if absent.
    pub fn get<T: FromStr>(&self, name: &str) -> Option<T> {
        self.0.as_ref()?.get(name)
    }
}
