//! Lines numbered from a range, each printed once ("Published 0" ... "Published 999999"),
//! claimed without a string per line: a line is taken by reading its number back, and what
//! is kept is one bit per number.

use std::ops::Range;

use super::Printed;

/// How many missing numbers a message lists before it says how many more.
const LISTED: usize = 20;

/// The lines `PREFIX{n}SUFFIX`, one for each `n` of a range (see [`Printed::numbered`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Numbered {
    prefix: String,
    suffix: String,
    range: Range<u64>,
    /// One bit per number of the range: taken by a line already.
    taken: Vec<u64>,
}

impl Numbered {
    pub(super) fn new(template: &str, range: Range<u64>) -> Numbered {
        let (prefix, suffix) = template.split_once("{}").unwrap_or((template, ""));
        let bits = (range.end.saturating_sub(range.start)).div_ceil(64) as usize;
        Numbered {
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
            range,
            taken: vec![0; bits],
        }
    }

    /// How many lines it claims.
    pub(super) fn len(&self) -> usize {
        self.range.end.saturating_sub(self.range.start) as usize
    }

    /// Takes `line` if it is one of these lines not taken yet.
    pub(super) fn take(&mut self, line: &str) -> bool {
        let Some(digits) = line
            .strip_prefix(self.prefix.as_str())
            .and_then(|rest| rest.strip_suffix(self.suffix.as_str()))
        else {
            return false;
        };
        // Only the number as `{}` writes it: no sign, no leading zero.
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        let Some(n) = digits.parse::<u64>().ok().filter(|_| canonical) else {
            return false;
        };
        if !self.range.contains(&n) {
            return false;
        }
        let i = (n - self.range.start) as usize;
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        if self.taken[word] & bit != 0 {
            return false;
        }
        self.taken[word] |= bit;
        true
    }

    /// The lines not taken, for a message (`whom`: `by main`, `among w-1|w-2`): the first
    /// few, and how many more.
    pub(super) fn missing(&self, whom: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut left = 0;
        for n in self.range.clone() {
            let i = (n - self.range.start) as usize;
            if self.taken[i / 64] & (1 << (i % 64)) != 0 {
                continue;
            }
            if out.len() < LISTED {
                out.push(format!(
                    "missing \"{}{n}{}\" {whom}",
                    self.prefix, self.suffix
                ));
            } else {
                left += 1;
            }
        }
        if left > 0 {
            out.push(format!(
                "and {left} more \"{}N{}\" missing {whom}",
                self.prefix, self.suffix
            ));
        }
        out
    }
}

impl Printed {
    /// `actor` prints `template` with each number of `range` in place of its `{}`, each once
    /// (in any order): `numbered("producer", "Published {}", 0..items)` claims "Published 0"
    /// to "Published {items-1}" as `by` would, keeping one bit per line instead of a string.
    ///
    /// ```
    /// use interleaving::printed::{Printed, printed};
    /// use interleaving::{check, Property, Trace};
    /// let p = Property::new("printed", printed(|_| {
    ///     Ok(Printed::new().numbered("producer", "Published {}", 0..2))
    /// }));
    /// let t = Trace::from_steps([
    ///     ("lesson", "knob", ""),
    ///     ("producer", "print", "Published 1"), ("producer", "print", "Published 0"),
    /// ]);
    /// assert!(check(&t, &[p.clone()]).is_ok());
    /// let twice = Trace::from_steps([
    ///     ("lesson", "knob", ""),
    ///     ("producer", "print", "Published 1"), ("producer", "print", "Published 1"),
    /// ]);
    /// let text = check(&twice, &[p]).to_string();
    /// assert!(text.contains("missing \"Published 0\" by producer"), "{text}");
    /// assert!(text.contains("extra \"Published 1\" by producer (line 3)"), "{text}");
    /// ```
    pub fn numbered(mut self, actor: &str, template: &str, range: Range<u64>) -> Self {
        self.numbered
            .entry(actor.to_owned())
            .or_default()
            .push(Numbered::new(template, range));
        self
    }
}
