//! Exactly `n` items are selected.

use super::{Broken, quotes};
use crate::read::Line;
use crate::select::Select;

/// `Rule::Count`: how many there were, each quoted.
pub(super) fn check(select: &Select, n: usize, lines: &[Line]) -> Result<(), Broken> {
    let items = select.picked(lines);
    if items.len() == n {
        return Ok(());
    }
    Err(Broken::new(
        "count",
        format!("{n} × `{select}`"),
        format!("{}: {}", items.len(), quotes(&items)),
        items.iter().map(|i| i.line).collect(),
    ))
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
