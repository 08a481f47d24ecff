//! Unions of "surely in the queue" intervals, and whether one covers a whole operation.
//!
//! A value is surely in the queue from the clock read of its put's return to that of its get's
//! call: its put took effect before the first, its get after the second. Points are clock keys
//! ([`Op::start`](super::Op::start), [`Op::end`](super::Op::end)): a return's key is odd and a
//! call's even, so an interval's end (a call) never equals another's start (a return), and two
//! intervals that meet at one `t_ns` leave a gap (the reads may have happened either way). An operation that
//! needs the queue without such a value at its instant (a get answering `Empty`) is
//! impossible if every instant between its call and its return is covered.

use std::collections::BTreeMap;

/// A union of closed intervals `[a, b]` of clock keys, kept merged: start -> end.
#[derive(Debug, Default)]
pub(super) struct Union {
    map: BTreeMap<u64, u64>,
}

impl Union {
    /// Adds `[a, b]` (nothing if empty). Amortised O(log n): each merge removes an entry.
    pub(super) fn insert(&mut self, mut a: u64, mut b: u64) {
        if a > b {
            return;
        }
        if let Some((&s, &e)) = self.map.range(..=a).next_back()
            && e >= a
        {
            a = s;
            b = b.max(e);
            self.map.remove(&s);
        }
        while let Some((&s, &e)) = self.map.range(a..).next() {
            if s > b {
                break;
            }
            b = b.max(e);
            self.map.remove(&s);
        }
        self.map.insert(a, b);
    }

    /// Whether every instant strictly between keys `c` and `r` is inside the union.
    pub(super) fn covers(&self, c: u64, r: u64) -> bool {
        self.map
            .range(..=c)
            .next_back()
            .is_some_and(|(_, &e)| e >= r)
    }
}

/// Which of `intervals` (`(a, b, id)`) cover `(c, r)` together, fewest first-fit: the
/// witnesses of a violation. Called once per finding, so O(k n) is fine.
pub(super) fn chain(intervals: &[(u64, u64, usize)], c: u64, r: u64) -> Vec<usize> {
    let mut out = Vec::new();
    let mut reach = c;
    loop {
        let best = intervals
            .iter()
            .filter(|(a, b, _)| *a <= reach && *b > reach)
            .max_by_key(|(_, b, _)| *b);
        let Some(&(_, b, id)) = best else { break };
        out.push(id);
        reach = b;
        if reach >= r {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_lines_leave_a_gap() {
        let mut u = Union::default();
        u.insert(1, 3);
        u.insert(4, 6);
        assert!(u.covers(1, 3));
        assert!(!u.covers(2, 5), "between lines 3 and 4 nothing is sure");
        u.insert(2, 5);
        assert!(u.covers(2, 5));
        assert!(u.covers(1, 6));
        assert!(!u.covers(0, 6));
        assert_eq!(chain(&[(1, 3, 0), (4, 6, 1), (2, 5, 2)], 2, 6), vec![2, 1]);
    }
}
