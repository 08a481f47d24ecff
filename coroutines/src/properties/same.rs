//! Two sequences compared as they stream: what a rule expects (known up front, or worked out
//! from the trace as it goes, like the averager's running mean) and what the trace shows.

use std::collections::VecDeque;

use interleaving::Outcome;
use interleaving::rule::violated;
use interleaving::shown::Shown;

/// "What was got is exactly what was wanted, in this order", read a value at a time from
/// either side. Its state is what is in flight: the values one side gave that the other has
/// not matched yet, how many matched, the first difference, and the first [`Shown::MAX`]
/// values of each side, which a violation quotes.
#[derive(Debug, Default)]
pub(super) struct Same {
    /// Wanted values no got value was compared with yet.
    want: VecDeque<String>,
    /// Got values, each with its line, no wanted value was compared with yet.
    got: VecDeque<(String, usize)>,
    /// How many pairs were compared, all equal.
    matched: usize,
    /// Where they first differ: the position, and the line of the value got there (none
    /// when nothing was got there).
    difference: Option<(usize, Option<usize>)>,
    shown_want: Shown<String>,
    shown_got: Shown<String>,
}

impl Same {
    /// Before any value, wanting `want` (more may come with [`Same::want`]).
    pub(super) fn new(want: impl IntoIterator<Item = String>) -> Self {
        let mut same = Same::default();
        for w in want {
            same.want(w);
        }
        same
    }

    /// The next value wanted.
    pub(super) fn want(&mut self, value: String) {
        self.shown_want.push(value.clone());
        if self.difference.is_none() {
            self.want.push_back(value);
            self.compare();
        }
    }

    /// The next value got, at trace line `line`.
    pub(super) fn got(&mut self, value: String, line: usize) {
        self.shown_got.push(value.clone());
        if self.difference.is_none() {
            self.got.push_back((value, line));
            self.compare();
        }
    }

    fn compare(&mut self) {
        while let (Some(w), Some((g, line))) = (self.want.front(), self.got.front()) {
            if w != g {
                self.difference = Some((self.matched, Some(*line)));
                // Past the first difference, only the counts and the first values matter.
                self.want.clear();
                self.got.clear();
                return;
            }
            self.matched += 1;
            self.want.pop_front();
            self.got.pop_front();
        }
    }

    /// Held when both sides gave the same values; else the first difference, with the line
    /// of the value got there (none when the values got ended first).
    pub(super) fn finish(self, rule: &str, statement: &str) -> Outcome {
        let difference = self.difference.or_else(|| match self.got.front() {
            // More got than wanted.
            Some((_, line)) => Some((self.matched, Some(*line))),
            // Fewer got than wanted.
            None if !self.want.is_empty() => Some((self.matched, None)),
            None => None,
        });
        let Some((k, at)) = difference else {
            return Outcome::Held;
        };
        violated(
            rule,
            statement,
            self.shown_want.to_string(),
            format!("{}: first difference at position {k}", self.shown_got),
            at.into_iter().collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Same;
    use interleaving::Outcome;

    fn judge(want: &[&str], got: &[&str]) -> Outcome {
        let mut s = Same::new(want.iter().map(|w| (*w).to_owned()));
        for (i, g) in got.iter().enumerate() {
            s.got((*g).to_owned(), i + 10);
        }
        s.finish("r", "s")
    }

    fn at(o: Outcome) -> (String, Vec<usize>) {
        match o {
            Outcome::Violated(v) => (v.got, v.lines),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn equal_sequences_hold_and_the_first_difference_is_named() {
        assert_eq!(judge(&["a", "b"], &["a", "b"]), Outcome::Held);
        let (got, lines) = at(judge(&["a", "b"], &["a", "c", "d"]));
        assert_eq!(got, "[\"a\", \"c\", \"d\"]: first difference at position 1");
        assert_eq!(lines, [11]);
        // Too many: the first extra value; too few: no line.
        assert_eq!(at(judge(&["a"], &["a", "b"])).1, [11]);
        assert_eq!(
            at(judge(&["a", "b"], &["a"])),
            ("[\"a\"]: first difference at position 1".into(), vec![])
        );
    }

    #[test]
    fn values_wanted_after_they_were_got_are_compared_all_the_same() {
        let mut s = Same::new([]);
        s.got("x".into(), 1);
        s.got("y".into(), 2);
        s.want("x".into());
        s.want("y".into());
        assert_eq!(s.finish("r", "s"), Outcome::Held);
    }
}
