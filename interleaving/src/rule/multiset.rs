//! The values selected, as a multiset, equal the expected ones: exactly-once when each is
//! listed once. Also the multiset difference [`no_loss_no_dup`](super::no_loss_no_dup) uses.

use std::collections::BTreeMap;

use super::Broken;
use crate::read::Line;
use crate::select::{Picked, Select};

/// `Rule::Multiset`: what is missing and what is extra, with the extra items' lines.
pub(super) fn check(select: &Select, expected: &[String], lines: &[Line]) -> Result<(), Broken> {
    let items = select.picked(lines);
    let (missing, extra) = diff(expected.iter().map(String::as_str), &items);
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let got: Vec<&str> = items.iter().map(|i| i.value.as_ref()).collect();
    let mut what = Vec::new();
    if !missing.is_empty() {
        what.push(format!("missing {missing:?}"));
    }
    if !extra.is_empty() {
        let q: Vec<String> = extra.iter().map(|i| i.quote()).collect();
        what.push(format!("extra [{}]", q.join("; ")));
    }
    Err(Broken::new(
        "exactly-once",
        format!("{expected:?}"),
        format!("{got:?}: {}", what.join(", ")),
        extra.iter().map(|i| i.line).collect(),
    ))
}

/// Multiset difference: (expected values not seen, seen items not expected). Borrowed: it
/// copies no value, whatever the size of the trace.
pub(super) fn diff<'e, 'g, 'a>(
    expected: impl Iterator<Item = &'e str>,
    got: &'g [Picked<'a>],
) -> (Vec<&'e str>, Vec<&'g Picked<'a>>) {
    let mut want: BTreeMap<&str, usize> = BTreeMap::new();
    for e in expected {
        *want.entry(e).or_default() += 1;
    }
    let mut extra = Vec::new();
    for item in got {
        match want.get_mut(item.value.as_ref()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => extra.push(item),
        }
    }
    let missing = want
        .into_iter()
        .flat_map(|(v, n)| std::iter::repeat_n(v, n))
        .collect();
    (missing, extra)
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn multiset_catches_a_missing_and_a_duplicated_line() {
        let rule = Rule::Multiset {
            select: Select::lines().by("child-*"),
            expected: vec!["1".into(), "4".into(), "9".into()],
        };
        holds(
            &rule,
            &trace(&[
                ("child-3", "print", "9"),
                ("child-1", "print", "1"),
                ("child-2", "print", "4"),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("child-1", "print", "1"),
                ("child-3", "print", "9"),
                ("child-1", "print", "1"),
            ]),
        );
        assert_eq!(v.rule, "exactly-once");
        assert!(v.got.contains("missing [\"4\"]"), "{}", v.got);
        assert!(v.got.contains("extra [line 3"), "{}", v.got);
        assert_eq!(v.lines, vec![3]);
    }
}
