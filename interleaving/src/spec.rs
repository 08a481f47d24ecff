//! What the checker must know of a lesson to apply the rules every trace gets: its name, its
//! cells in order, and which kinds of event mean "waited for that actor to finish".

use crate::event::kinds;

/// A lesson as the checker sees it. Each crate exposes one next to its `properties()`,
/// usually `LESSON.spec()` plus the kinds it declares as waits.
///
/// ```
/// use interleaving::LessonSpec;
/// let spec = LessonSpec::new("asyncio", ["sleeps", "gather"]).waits_for("await");
/// assert!(spec.waits.contains(&"join".to_string()) && spec.waits.contains(&"await".to_string()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonSpec {
    /// The lesson's name, as its trace's first event gives it.
    pub name: String,
    /// Its cells, in the order a whole run runs them.
    pub cells: Vec<String>,
    /// Kinds whose `value` names an actor that has finished when the event is written:
    /// `join` always; a crate adds its own (an exit code read, a task awaited).
    pub waits: Vec<String>,
}

impl LessonSpec {
    /// A lesson with these cells; `join` is its only wait until [`LessonSpec::waits_for`].
    pub fn new<S: Into<String>>(name: &str, cells: impl IntoIterator<Item = S>) -> Self {
        LessonSpec {
            name: name.to_owned(),
            cells: cells.into_iter().map(Into::into).collect(),
            waits: vec![kinds::JOIN.to_owned()],
        }
    }

    /// Declares `kind` as a wait: when actor A writes it with value B, B has finished.
    pub fn waits_for(mut self, kind: &str) -> Self {
        self.waits.push(kind.to_owned());
        self
    }
}
