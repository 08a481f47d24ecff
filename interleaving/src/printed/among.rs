//! "These lines, spread over these actors": where which actor prints which line varies by
//! design (which of two workers handled item 3), the lines are claimed as one multiset over
//! the group, so a line deleted, added or changed still fails, whoever printed it.
//!
//! A line often names its own actor (`consumer-2 handled 3`): in a group's lines, [`ACTOR`]
//! stands for the name of the actor that printed it. A printed line is matched by its
//! *shape*, the line with every occurrence of its actor's name written as [`ACTOR`], through
//! a hash of the exact shapes (linear in the lines; `like` patterns are tried after them).
//!
//! ```
//! use interleaving::printed::{Printed, printed};
//! use interleaving::{check, Property, Trace};
//! // Two workers share items 0 and 1; which one handles which varies.
//! let p = Property::new("printed", printed(|_| Ok(Printed::new()
//!     .among(["w-1", "w-2"], ["{actor} handled 0", "{actor} handled 1"]))));
//! let t = Trace::from_steps([
//!     ("lesson", "knob", ""),
//!     ("w-2", "print", "w-2 handled 0"), ("w-2", "print", "w-2 handled 1"),
//! ]);
//! assert!(check(&t, &[p.clone()]).is_ok());
//! let cut = Trace { lines: t.lines[..2].to_vec() };
//! let text = check(&cut, &[p]).to_string();
//! assert!(text.contains("missing \"{actor} handled 1\" among w-1|w-2"), "{text}");
//! ```

use std::collections::{BTreeMap, HashMap};

use super::numbered::Numbered;
use super::{Expected, Printed};

/// Stands, in a line given to [`Printed::among`], for the name of the actor that printed it.
pub const ACTOR: &str = "{actor}";

/// One group: its actors and the lines they print between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Among {
    pub(super) actors: Vec<String>,
    pub(super) lines: Vec<Expected>,
    /// Numbered lines of the group ([`Printed::among_numbered`]), matched by their shape.
    pub(super) numbered: Vec<Numbered>,
}

impl Among {
    /// How many lines the group claims.
    pub(super) fn len(&self) -> usize {
        self.lines.len() + self.numbered.iter().map(Numbered::len).sum::<usize>()
    }

    /// Takes `line` of `actor` if its shape is one of the group's numbered lines not taken.
    pub(super) fn take_numbered(&mut self, line: &str, actor: &str) -> bool {
        if self.numbered.is_empty() {
            return false;
        }
        let s = shape(line, actor);
        self.numbered.iter_mut().any(|n| n.take(&s))
    }
}

impl Printed {
    /// `lines`, as one multiset, printed by `actors` between them, each line by any one of
    /// them (in a line, [`ACTOR`] is the name of the one that printed it). Taken after each
    /// actor's own [`Printed::by`] lines.
    pub fn among<A: Into<String>, E: Into<Expected>>(
        mut self,
        actors: impl IntoIterator<Item = A>,
        lines: impl IntoIterator<Item = E>,
    ) -> Self {
        self.among.push(Among {
            actors: actors.into_iter().map(Into::into).collect(),
            lines: lines.into_iter().map(Into::into).collect(),
            numbered: Vec::new(),
        });
        self
    }

    /// `template` with each number of `range` in place of its `{}`, printed by `actors`
    /// between them, each once (as [`Printed::among`] would take `range`'s lines, keeping one
    /// bit per line; [`ACTOR`] in the template is the name of the one that printed it).
    ///
    /// ```
    /// use interleaving::printed::{Printed, printed};
    /// use interleaving::{check, Property, Trace};
    /// let p = Property::new("printed", printed(|_| {
    ///     Ok(Printed::new().among_numbered(["w-1", "w-2"], "{actor} handled {}", 0..2))
    /// }));
    /// let t = Trace::from_steps([
    ///     ("lesson", "knob", ""),
    ///     ("w-2", "print", "w-2 handled 1"), ("w-1", "print", "w-1 handled 0"),
    /// ]);
    /// assert!(check(&t, &[p.clone()]).is_ok());
    /// let cut = Trace { lines: t.lines[..2].to_vec() };
    /// let text = check(&cut, &[p]).to_string();
    /// assert!(text.contains("missing \"{actor} handled 0\" among w-1|w-2"), "{text}");
    /// ```
    pub fn among_numbered<A: Into<String>>(
        mut self,
        actors: impl IntoIterator<Item = A>,
        template: &str,
        range: std::ops::Range<u64>,
    ) -> Self {
        self.among.push(Among {
            actors: actors.into_iter().map(Into::into).collect(),
            lines: Vec::new(),
            numbered: vec![Numbered::new(template, range)],
        });
        self
    }
}

/// `line` as its group sees it: its actor's name written as [`ACTOR`].
fn shape(line: &str, actor: &str) -> String {
    if actor.is_empty() {
        return line.to_owned();
    }
    line.replace(actor, ACTOR)
}

/// Takes each group's lines out of `got` (what is left there is extra), and adds to `missing`
/// each line of a group that no actor of it printed.
pub(super) fn take(
    got: &mut BTreeMap<String, Vec<(String, usize)>>,
    groups: &[Among],
    missing: &mut Vec<String>,
) {
    for g in groups {
        let mut numbered = g.numbered.clone();
        let mut exact: HashMap<&str, usize> = HashMap::new();
        let mut likes: Vec<(&Expected, bool)> = Vec::new();
        for e in &g.lines {
            match e {
                Expected::Exact(s) => *exact.entry(s.as_str()).or_default() += 1,
                Expected::Like(_) => likes.push((e, false)),
            }
        }
        for actor in &g.actors {
            let Some(have) = got.get_mut(actor) else {
                continue;
            };
            have.retain(|(line, _)| {
                let s = shape(line, actor);
                if numbered.iter_mut().any(|n| n.take(&s)) {
                    return false;
                }
                if let Some(n) = exact.get_mut(s.as_str())
                    && *n > 0
                {
                    *n -= 1;
                    return false;
                }
                match likes.iter_mut().find(|(e, used)| !used && e.matches(&s)) {
                    Some((_, used)) => {
                        *used = true;
                        false
                    }
                    None => true,
                }
            });
        }
        let who = g.actors.join("|");
        for n in &numbered {
            missing.extend(n.missing(&format!("among {who}")));
        }
        for e in &g.lines {
            let left = match e {
                Expected::Exact(s) => exact.get_mut(s.as_str()).filter(|n| **n > 0).map(|n| {
                    *n -= 1;
                }),
                Expected::Like(_) => likes
                    .iter_mut()
                    .find(|(l, used)| *l == e && !*used)
                    .map(|(_, used)| *used = true),
            };
            if left.is_some() {
                missing.push(format!("missing {e} among {who}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{judge, like, lines_by_actor};
    use super::*;
    use crate::read::Trace;
    use crate::rule::Outcome;

    fn verdict(want: &Printed, steps: &[(&str, &str, &str)]) -> Option<String> {
        let t = Trace::from_steps(steps.iter().copied());
        match judge(lines_by_actor(&t.lines), want, "s") {
            Outcome::Violated(v) => Some(v.got),
            _ => None,
        }
    }

    #[test]
    fn a_line_spread_anyhow_holds_a_changed_or_doubled_one_fails() {
        let want = Printed::new()
            .by("main", ["done"])
            .among(["c-1", "c-2"], ["{actor} got 0", "{actor} got 1"]);
        let ok = [
            ("c-2", "print", "c-2 got 1"),
            ("c-1", "print", "c-1 got 0"),
            ("main", "print", "done"),
        ];
        assert_eq!(verdict(&want, &ok), None);
        // c-1 claims to be c-2: its shape is no longer "{actor} got 0".
        let wrong_name = [
            ("c-2", "print", "c-2 got 1"),
            ("c-1", "print", "c-2 got 0"),
            ("main", "print", "done"),
        ];
        assert_eq!(
            verdict(&want, &wrong_name).as_deref(),
            Some("missing \"{actor} got 0\" among c-1|c-2; extra \"c-2 got 0\" by c-1 (line 2)")
        );
        // Item 1 handled twice, item 0 never (the group's actors take their lines in the
        // group's order, so the second copy is c-2's).
        let twice = [
            ("c-2", "print", "c-2 got 1"),
            ("c-1", "print", "c-1 got 1"),
            ("main", "print", "done"),
        ];
        assert_eq!(
            verdict(&want, &twice).as_deref(),
            Some("missing \"{actor} got 0\" among c-1|c-2; extra \"c-2 got 1\" by c-2 (line 1)")
        );
        // A line by an actor outside the group is not the group's.
        let outsider = [
            ("c-2", "print", "c-2 got 1"),
            ("x", "print", "x got 0"),
            ("main", "print", "done"),
        ];
        assert_eq!(
            verdict(&want, &outsider).as_deref(),
            Some("missing \"{actor} got 0\" among c-1|c-2; extra \"x got 0\" by x (line 2)")
        );
    }

    #[test]
    fn patterns_in_a_group_are_counted_too() {
        let want = Printed::new().among(["a", "b"], [like("{actor} took * ms"), like("* ms")]);
        let two = [("a", "print", "a took 3 ms"), ("b", "print", "b took 4 ms")];
        assert_eq!(verdict(&want, &two), None);
        assert_eq!(
            verdict(&want, &two[..1]).as_deref(),
            Some("missing like \"* ms\" among a|b")
        );
    }

    #[test]
    fn ten_thousand_lines_spread_over_two_actors_are_matched_by_hash() {
        let n = 10_000;
        let lines: Vec<String> = (0..n).map(|i| format!("{{actor}} handled {i}")).collect();
        let want = Printed::new().among(["c-1", "c-2"], lines);
        let printed: Vec<(String, String)> = (0..n)
            .map(|i| {
                let a = if i % 3 == 0 { "c-1" } else { "c-2" };
                (a.to_owned(), format!("{a} handled {i}"))
            })
            .collect();
        let steps: Vec<(&str, &str, &str)> = printed
            .iter()
            .map(|(a, l)| (a.as_str(), "print", l.as_str()))
            .collect();
        assert_eq!(verdict(&want, &steps), None);
    }
}
