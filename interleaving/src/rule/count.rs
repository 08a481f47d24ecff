//! Exactly `n` items are selected.

use super::{Broken, Check};
use crate::read::Line;
use crate::select::{Item, Picker, Select};

/// How many items beyond `n` a violation quotes: enough to see what was repeated, without
/// keeping a million quotes when a million came.
const QUOTED_BEYOND: usize = 10;

/// `Rule::Count`. Its state: how many came, and the first `n` + [`QUOTED_BEYOND`] of them.
pub(super) struct Count {
    picker: Picker,
    select: Select,
    n: usize,
    seen: usize,
    quoted: Vec<Item>,
}

impl Count {
    pub(super) fn new(select: &Select, n: usize) -> Self {
        Count {
            picker: Picker::new(select),
            select: select.clone(),
            n,
            seen: 0,
            quoted: Vec::new(),
        }
    }
}

impl Check for Count {
    fn line(&mut self, l: &Line) {
        let (seen, quoted, keep) = (&mut self.seen, &mut self.quoted, self.n + QUOTED_BEYOND);
        self.picker.line(l, &mut |i| {
            *seen += 1;
            if quoted.len() < keep {
                quoted.push(i.to_item());
            }
        });
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        let (seen, quoted, keep) = (&mut self.seen, &mut self.quoted, self.n + QUOTED_BEYOND);
        self.picker.finish(&mut |i| {
            *seen += 1;
            if quoted.len() < keep {
                quoted.push(i.to_item());
            }
        });
        if self.seen == self.n {
            return Ok(());
        }
        let mut q: Vec<String> = self.quoted.iter().map(Item::quote).collect();
        if self.seen > self.quoted.len() {
            q.push(format!("and {} more", self.seen - self.quoted.len()));
        }
        Err(Broken::new(
            "count",
            format!("{} × `{}`", self.n, self.select),
            format!("{}: [{}]", self.seen, q.join("; ")),
            self.quoted.iter().map(|i| i.line).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn count_catches_too_many() {
        let rule = Rule::Count {
            select: Select::lines().value("Hello"),
            n: 1,
        };
        holds(&rule, &trace(&[("main", "print", "Hello")]));
        let v = violation(
            &rule,
            &trace(&[("main", "print", "Hello"), ("main", "print", "Hello")]),
        );
        assert_eq!(v.rule, "count");
        assert_eq!(v.lines, vec![1, 2]);
    }
}
