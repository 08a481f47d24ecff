//! What a message quotes of a list that can be as long as the run: its first entries, and how
//! many more there were. A rule that read a million values keeps twenty for its violation.

use std::fmt;

/// The first [`Shown::MAX`] entries pushed, in order, and how many came after them.
///
/// ```
/// use interleaving::shown::Shown;
/// let mut s = Shown::default();
/// for i in 0..3u64 {
///     s.push(i);
/// }
/// assert_eq!(s.to_string(), "[0, 1, 2]");
/// for i in 3..25u64 {
///     s.push(i);
/// }
/// assert_eq!(s.len(), 25);
/// assert!(s.to_string().ends_with("18, 19, and 5 more]"), "{s}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown<T> {
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
    /// How many entries a message lists.
    pub const MAX: usize = 20;

    /// Keeps `entry` if fewer than [`Shown::MAX`] are kept, else only counts it.
    pub fn push(&mut self, entry: T) {
        if self.first.len() < Self::MAX {
            self.first.push(entry);
        } else {
            self.more += 1;
        }
    }

    /// How many entries were pushed in all.
    pub fn len(&self) -> usize {
        self.first.len() + self.more
    }

    /// Whether none was pushed.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// The entries kept, the first [`Shown::MAX`] pushed.
    pub fn first(&self) -> &[T] {
        &self.first
    }

    /// How many were pushed past the first [`Shown::MAX`].
    pub fn more(&self) -> usize {
        self.more
    }

    /// The same list with `f` applied to each entry kept, the count of the rest kept too.
    ///
    /// ```
    /// use interleaving::shown::Shown;
    /// let mut s = Shown::default();
    /// s.push((1, "a"));
    /// assert_eq!(s.map(|(n, _)| n).to_string(), "[1]");
    /// ```
    pub fn map<'a, U>(&'a self, f: impl Fn(&'a T) -> U) -> Shown<U> {
        Shown {
            first: self.first.iter().map(f).collect(),
            more: self.more,
        }
    }

    /// The entries kept, owned.
    pub fn into_first(self) -> Vec<T> {
        self.first
    }

    /// The same entries kept, counted as `total` pushed in all (for a list whose first
    /// entries were chosen otherwise, the smallest say, from a count kept beside them).
    ///
    /// ```
    /// use interleaving::shown::Shown;
    /// let mut s = Shown::default();
    /// s.push(1);
    /// assert_eq!(s.with_total(4).to_string(), "[1, and 3 more]");
    /// ```
    pub fn with_total(mut self, total: usize) -> Self {
        self.more = total.saturating_sub(self.first.len());
        self
    }

    /// The entries kept joined by `sep`, then "and N more" when some were left out.
    ///
    /// ```
    /// use interleaving::shown::Shown;
    /// let mut s = Shown::default();
    /// for i in 0..23 {
    ///     s.push(i);
    /// }
    /// assert!(s.joined(" ").ends_with("18 19 and 3 more"));
    /// ```
    pub fn joined(&self, sep: &str) -> String
    where
        T: fmt::Display,
    {
        let mut parts: Vec<String> = self.first.iter().map(ToString::to_string).collect();
        if self.more > 0 {
            parts.push(format!("and {} more", self.more));
        }
        parts.join(sep)
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
