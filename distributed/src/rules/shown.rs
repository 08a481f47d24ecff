//! The part of a long list a violation quotes: the first [`Shown::MAX`] and how many more, so
//! that a rule that read a million values does not keep them for a message.

use std::fmt::{Debug, Display};

/// The first [`Shown::MAX`] things pushed, and how many came after them.
#[derive(Debug, Clone)]
pub(crate) struct Shown<T> {
    first: Vec<T>,
    more: usize,
}

impl<T> Default for Shown<T> {
    fn default() -> Self {
        Shown {
            first: Vec::new(),
            more: 0,
        }
    }
}

impl<T> Shown<T> {
    /// How many a message quotes.
    pub(crate) const MAX: usize = 20;

    /// Adds one, quoted if fewer than [`Shown::MAX`] came before it, else only counted.
    pub(crate) fn push(&mut self, t: T) {
        if self.first.len() < Self::MAX {
            self.first.push(t);
        } else {
            self.more += 1;
        }
    }

    /// How many were pushed, quoted or not.
    pub(crate) fn len(&self) -> usize {
        self.first.len() + self.more
    }

    /// The ones quoted, in the order pushed.
    pub(crate) fn first(&self) -> &[T] {
        &self.first
    }

    /// The same list with `f` applied to each quoted one, the count of the rest kept.
    pub(crate) fn map<'a, U>(&'a self, f: impl Fn(&'a T) -> U) -> Shown<U> {
        Shown {
            first: self.first.iter().map(f).collect(),
            more: self.more,
        }
    }

    /// `a, b, c`, or `a, b, c, and 7 more`.
    pub(crate) fn joined(&self) -> String
    where
        T: Display,
    {
        let each: Vec<String> = self.first.iter().map(T::to_string).collect();
        let all = each.join(", ");
        match self.more {
            0 => all,
            n => format!("{all}, and {n} more"),
        }
    }

    /// `["a", "b"]` as `{:?}` of a vector writes it, or `["a", "b", and 7 more]`.
    pub(crate) fn listed(&self) -> String
    where
        T: Debug,
    {
        let all = format!("{:?}", self.first);
        match self.more {
            0 => all,
            n => format!("{}, and {n} more]", all.trim_end_matches(']')),
        }
    }
}

impl<T: Clone> Shown<T> {
    /// The ones quoted, owned (a violation's lines).
    pub(crate) fn to_vec(&self) -> Vec<T> {
        self.first.clone()
    }
}
