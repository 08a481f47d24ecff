//! A selection read one line at a time: the items a [`Select`] picks, handed out as each is
//! complete, so that a rule never needs the lines it has already read.
//!
//! What it holds is what is in flight: per actor, the text of a line of output still
//! unfinished (for [`LINES`]); for a `last()` selection, the last match so far.

use std::borrow::Cow;

use super::{Item, LINES, Pick, Picked, Select};
use crate::event::kinds;
use crate::read::Line;

/// Picks a [`Select`]'s items out of lines given one at a time, in trace order.
///
/// ```
/// use interleaving::select::Picker;
/// use interleaving::{Select, Trace};
/// let t = Trace::from_steps([("main", "write", "Hel"), ("main", "write", "lo\n")]);
/// let mut picker = Picker::new(&Select::lines().by("main"));
/// let mut got = Vec::new();
/// for l in &t.lines {
///     picker.line(l, &mut |item| got.push((item.value.into_owned(), item.first_line, item.line)));
/// }
/// picker.finish(&mut |item| got.push((item.value.into_owned(), item.first_line, item.line)));
/// assert_eq!(got, [("Hello".to_owned(), 1, 2)]);
/// ```
#[derive(Debug, Clone)]
pub struct Picker {
    select: Select,
    /// Unfinished lines of output (for [`LINES`]): per (actor, pid), the text so far and the
    /// line of its first fragment, in the order their last fragment came.
    open: Vec<((String, u32), String, usize)>,
    /// How many items matched so far (for [`Pick::First`] and [`Pick::Nth`]).
    matched: usize,
    /// The last match so far (for [`Pick::Last`]), handed out at the end.
    last: Option<Item>,
    /// The number of the last line given.
    last_no: usize,
}

impl Picker {
    /// A picker for `select`, before any line.
    pub fn new(select: &Select) -> Self {
        Picker {
            select: select.clone(),
            open: Vec::new(),
            matched: 0,
            last: None,
            last_no: 0,
        }
    }

    /// Reads one line; `out` gets each item this line completes that the selection keeps.
    pub fn line(&mut self, l: &Line, out: &mut dyn FnMut(Picked<'_>)) {
        self.last_no = l.no;
        let e = &l.event;
        if self.select.kind.as_deref() != Some(LINES) {
            if self.select.kind.as_ref().is_none_or(|k| *k == e.kind) {
                let p = Picked {
                    line: l.no,
                    first_line: l.no,
                    actor: &e.actor,
                    pid: e.pid,
                    kind: &e.kind,
                    value: Cow::Borrowed(&e.value),
                };
                self.offer(p, out);
            }
            return;
        }
        let (is_print, is_write) = (e.kind == kinds::PRINT, e.kind == kinds::WRITE);
        if !is_print && !is_write {
            return;
        }
        let slot = self
            .open
            .iter()
            .position(|((a, p), _, _)| *a == e.actor && *p == e.pid);
        let (mut text, mut first) = match slot {
            Some(i) => {
                let (_, t, f) = self.open.remove(i);
                (Some(t), f)
            }
            None => (None, l.no),
        };
        let mut done = |value: Cow<'_, str>, first: usize, this: &mut Self| {
            let p = Picked {
                line: l.no,
                first_line: first,
                actor: &e.actor,
                pid: e.pid,
                kind: LINES,
                value,
            };
            this.offer(p, out);
        };
        if is_print {
            // A print after unfinished fragments ends that line first, as on a terminal.
            done(whole(text, &e.value), first, self);
            return;
        }
        let mut pieces = e.value.split('\n').peekable();
        while let Some(piece) = pieces.next() {
            if pieces.peek().is_some() {
                done(whole(text.take(), piece), first, self);
                first = l.no;
            } else if !piece.is_empty() {
                text.get_or_insert_with(String::new).push_str(piece);
            }
        }
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            self.open.push(((e.actor.clone(), e.pid), t, first));
        }
    }

    /// The end of the lines: a line of output left without its newline still counts (as
    /// completed by the last line), and a `last()` selection hands out its item.
    pub fn finish(&mut self, out: &mut dyn FnMut(Picked<'_>)) {
        for ((actor, pid), text, first) in std::mem::take(&mut self.open) {
            let p = Picked {
                line: self.last_no,
                first_line: first,
                actor: &actor,
                pid,
                kind: LINES,
                value: Cow::Owned(text),
            };
            self.offer(p, out);
        }
        if let Some(i) = self.last.take() {
            out(Picked {
                line: i.line,
                first_line: i.first_line,
                actor: &i.actor,
                pid: i.pid,
                kind: &i.kind,
                value: Cow::Borrowed(&i.value),
            });
        }
    }

    fn offer(&mut self, p: Picked<'_>, out: &mut dyn FnMut(Picked<'_>)) {
        let s = &self.select;
        let wanted = s.actor.as_ref().is_none_or(|a| a.matches(p.actor))
            && s.value.as_ref().is_none_or(|v| v.matches(&p.value));
        if !wanted {
            return;
        }
        let index = self.matched;
        self.matched += 1;
        match s.pick {
            Pick::All => out(p),
            Pick::First if index == 0 => out(p),
            Pick::Nth(n) if index == n => out(p),
            Pick::Last => self.last = Some(p.to_item()),
            Pick::First | Pick::Nth(_) => {}
        }
    }
}

/// A line's text: the fragments before it (if any) and its last piece.
fn whole(text: Option<String>, piece: &str) -> Cow<'_, str> {
    match text {
        Some(mut t) => {
            t.push_str(piece);
            Cow::Owned(t)
        }
        None => Cow::Borrowed(piece),
    }
}

/// Every item `select` picks out of `lines`, owned, in the order they were completed.
pub(super) fn all_items(select: &Select, lines: &[Line]) -> Vec<Item> {
    let mut picker = Picker::new(select);
    let mut items = Vec::new();
    for l in lines {
        picker.line(l, &mut |p| items.push(p.to_item()));
    }
    picker.finish(&mut |p| items.push(p.to_item()));
    items
}
