//! What a message quotes of a list that can be as long as the run: its first entries and how
//! many more there were.

use std::fmt::Display;

/// The first [`Shown::MAX`] entries pushed, and how many more were: a violation that names
/// every tick, round or send of a long run keeps twenty of them, not the run.
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
    /// How many entries a message quotes.
    pub(crate) const MAX: usize = 20;

    /// Adds an entry: kept if fewer than [`Shown::MAX`] are, else only counted.
    pub(crate) fn push(&mut self, entry: T) {
        if self.first.len() < Self::MAX {
            self.first.push(entry);
        } else {
            self.more += 1;
        }
    }

    /// How many entries were pushed.
    pub(crate) fn len(&self) -> usize {
        self.first.len() + self.more
    }

    /// Whether none was pushed.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries kept.
    pub(crate) fn first(&self) -> &[T] {
        &self.first
    }

    /// The entries kept, owned.
    pub(crate) fn into_first(self) -> Vec<T> {
        self.first
    }

    /// The entries kept joined by `sep`, then "and N more" when some were left out.
    pub(crate) fn joined(&self, sep: &str) -> String
    where
        T: Display,
    {
        let mut parts: Vec<String> = self.first.iter().map(ToString::to_string).collect();
        if self.more > 0 {
            parts.push(format!("and {} more", self.more));
        }
        parts.join(sep)
    }
}

#[cfg(test)]
mod tests {
    use super::Shown;

    #[test]
    fn keeps_twenty_and_counts_the_rest() {
        let mut s = Shown::default();
        for i in 0..23 {
            s.push(i);
        }
        assert_eq!((s.len(), s.first().len()), (23, 20));
        assert!(s.joined(" ").ends_with("18 19 and 3 more"));
        let mut few = Shown::default();
        few.push("a");
        few.push("b");
        assert_eq!(few.joined("; "), "a; b");
    }
}
