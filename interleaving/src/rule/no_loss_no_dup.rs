//! The values consumed equal the values produced as multisets: nothing lost, nothing
//! duplicated, whatever the order; and something was produced.

use std::collections::BTreeSet;

use super::Broken;
use super::multiset::diff;
use crate::read::Line;
use crate::select::{Picked, Select};

/// `Rule::NoLossNoDup`: the values lost, and the items duplicated or unexpected.
pub(super) fn check(produced: &Select, consumed: &Select, lines: &[Line]) -> Result<(), Broken> {
    let p = produced.picked(lines);
    let c = consumed.picked(lines);
    let (lost, dup) = diff(p.iter().map(|i| i.value.as_ref()), &c);
    if lost.is_empty() && dup.is_empty() && !p.is_empty() {
        return Ok(());
    }
    if p.is_empty() {
        return Err(Broken::new(
            "no-loss-no-dup",
            format!("at least one `{produced}`"),
            "none in the trace".into(),
            vec![],
        ));
    }
    let lost_set: BTreeSet<&str> = lost.iter().copied().collect();
    let lost_items: Vec<&Picked> = p
        .iter()
        .filter(|i| lost_set.contains(i.value.as_ref()))
        .collect();
    let mut at: Vec<usize> = lost_items.iter().map(|i| i.line).collect();
    at.extend(dup.iter().map(|i| i.line));
    Err(Broken::new(
        "no-loss-no-dup",
        format!("{} value(s), each consumed once", p.len()),
        format!(
            "lost {lost:?}, duplicated or unexpected [{}]",
            dup.iter().map(|i| i.quote()).collect::<Vec<_>>().join("; ")
        ),
        at,
    ))
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Outcome, Rule, Select};

    #[test]
    fn no_loss_no_dup_catches_loss_and_duplication() {
        let rule = Rule::NoLossNoDup {
            produced: Select::kind("put"),
            consumed: Select::kind("get"),
        };
        holds(
            &rule,
            &trace(&[
                ("p1", "put", "a"),
                ("p2", "put", "b"),
                ("c2", "get", "b"),
                ("c1", "get", "a"),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("p1", "put", "a"),
                ("p2", "put", "b"),
                ("c2", "get", "b"),
                ("c1", "get", "b"),
            ]),
        );
        assert_eq!(v.rule, "no-loss-no-dup");
        assert!(v.got.contains("lost [\"a\"]"), "{}", v.got);
        assert_eq!(v.lines, vec![1, 4]);
        assert!(
            matches!(rule.eval(&[]), Outcome::Violated(_)),
            "nothing produced is not a pass"
        );
    }
}
