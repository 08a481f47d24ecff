//! Observation: how many rebuilt lines were torn by another actor's output.

use std::collections::HashMap;

use crate::event::kinds;
use crate::read::Line;
use crate::select::{Picker, Select};

/// How many lines of output in `lines` were torn: another actor wrote between the first and
/// the last fragment of the line.
///
/// ```
/// use interleaving::{rule::torn_lines, Trace};
/// let t = Trace::from_steps([
///     ("square", "write", "Square:"),
///     ("main", "print", "Hello"),
///     ("square", "write", " 4\n"),
/// ]);
/// assert_eq!(torn_lines(&t.lines), 1);
/// ```
pub fn torn_lines(lines: &[Line]) -> usize {
    let mut t = Torn::default();
    for l in lines {
        t.line(l);
    }
    t.finish()
}

/// `Rule::TornLines`. Its state: how many outputs came so far, all and per actor, and for
/// each unfinished line, those counts at its first fragment.
pub(super) struct Torn {
    picker: Picker,
    outputs: usize,
    mine: HashMap<(String, u32), usize>,
    /// Per (actor, pid), the counts after the first fragment of its unfinished line.
    at_first: HashMap<(String, u32), (usize, usize)>,
    /// Whose output the last line was, if it was output.
    last_output: Option<(String, u32)>,
    torn: usize,
}

impl Default for Torn {
    fn default() -> Self {
        Torn {
            picker: Picker::new(&Select::lines()),
            outputs: 0,
            mine: HashMap::new(),
            at_first: HashMap::new(),
            last_output: None,
            torn: 0,
        }
    }
}

impl Torn {
    pub(super) fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.kind != kinds::PRINT && e.kind != kinds::WRITE {
            self.last_output = None;
            return;
        }
        let key = (e.actor.clone(), e.pid);
        self.last_output = Some(key.clone());
        let own = self.mine.get(&key).copied().unwrap_or(0);
        // A line is torn when its span (after its first fragment, before its last) holds
        // more outputs than its own actor's.
        let (outputs, mine, torn) = (self.outputs, own, &mut self.torn);
        let at_first = &mut self.at_first;
        let mut completed = false;
        self.picker.line(l, &mut |item| {
            completed = true;
            if item.line > item.first_line + 1
                && let Some((all0, own0)) = at_first.get(&(item.actor.to_owned(), item.pid))
                && outputs - all0 > mine - own0
            {
                *torn += 1;
            }
        });
        self.outputs += 1;
        *self.mine.entry(key.clone()).or_default() += 1;
        // This line's fragment either began a line still open, or opened none.
        let opens = e.kind == kinds::WRITE && !e.value.is_empty() && !e.value.ends_with('\n');
        if completed || !self.at_first.contains_key(&key) {
            self.at_first.remove(&key);
            if opens {
                let own = self.mine[&key];
                self.at_first.insert(key, (self.outputs, own));
            }
        }
    }

    pub(super) fn finish(mut self) -> usize {
        // A line still open at the end counts as ended by the last line.
        let last = self.last_output.take();
        let before_last = self.outputs - usize::from(last.is_some());
        let (at_first, mine, torn) = (&self.at_first, &self.mine, &mut self.torn);
        self.picker.finish(&mut |item| {
            let key = (item.actor.to_owned(), item.pid);
            let own_before_last =
                mine.get(&key).copied().unwrap_or(0) - usize::from(last.as_ref() == Some(&key));
            if item.line > item.first_line + 1
                && let Some((all0, own0)) = at_first.get(&key)
                && before_last.saturating_sub(*all0) > own_before_last.saturating_sub(*own0)
            {
                *torn += 1;
            }
        });
        self.torn
    }
}
