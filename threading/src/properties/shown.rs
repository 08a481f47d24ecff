//! The values a violation quotes in full, capped: a rule that read a million values keeps
//! only the first few for its message, and how many more there were.

use std::fmt;

/// The first [`Shown::MAX`] values pushed, in order, and how many came after them.
#[derive(Debug, Clone)]
pub(crate) struct Shown<T> {
    /// The values kept, in the order they were pushed.
    pub(crate) first: Vec<T>,
    /// How many were pushed past the first [`Shown::MAX`].
    pub(crate) more: usize,
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
    /// How many values a message lists.
    pub(crate) const MAX: usize = 20;

    /// Keeps `value` if fewer than [`Shown::MAX`] are kept, else counts it.
    pub(crate) fn push(&mut self, value: T) {
        if self.first.len() < Self::MAX {
            self.first.push(value);
        } else {
            self.more += 1;
        }
    }

    /// How many values were pushed in all.
    pub(crate) fn len(&self) -> usize {
        self.first.len() + self.more
    }
}

/// Like a `Vec`'s `{:?}` while nothing was left out (`[1, 2]`), else `[1, 2, and 5 more]`.
impl<T: fmt::Debug> fmt::Display for Shown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = format!("{:?}", self.first);
        if self.more == 0 {
            return f.write_str(&shown);
        }
        let head = shown.strip_suffix(']').unwrap_or(&shown);
        let sep = if self.first.is_empty() { "" } else { ", " };
        write!(f, "{head}{sep}and {} more]", self.more)
    }
}

#[cfg(test)]
mod tests {
    use super::Shown;

    #[test]
    fn lists_all_up_to_the_cap_then_counts_the_rest() {
        let mut s = Shown::default();
        for i in 0..3u64 {
            s.push(i);
        }
        assert_eq!(s.to_string(), format!("{:?}", vec![0u64, 1, 2]));
        for i in 3..25u64 {
            s.push(i);
        }
        assert_eq!(s.len(), 25);
        assert!(s.to_string().ends_with("18, 19, and 5 more]"), "{s}");
    }
}
