//! Every selected item comes from a different process, and there is at least one.

use std::collections::BTreeMap;

use super::Broken;
use crate::read::Line;
use crate::select::{Picked, Select};

/// `Rule::DistinctPids`: the first pid seen twice.
pub(super) fn check(select: &Select, lines: &[Line]) -> Result<(), Broken> {
    let items = select.picked(lines);
    if items.is_empty() {
        return Err(Broken::new(
            "distinct-pids",
            format!("at least one `{select}`"),
            "none in the trace".into(),
            vec![],
        ));
    }
    let mut seen: BTreeMap<u32, &Picked> = BTreeMap::new();
    for i in &items {
        if let Some(prev) = seen.insert(i.pid, i) {
            return Err(Broken::new(
                "distinct-pids",
                "a different pid for each".into(),
                format!("pid {} twice: {} and {}", i.pid, prev.quote(), i.quote()),
                vec![prev.line, i.line],
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn distinct_pids_catches_two_children_in_one_process() {
        let rule = Rule::DistinctPids {
            select: Select::lines().by("child-*"),
        };
        holds(
            &rule,
            &trace(&[("child-1", "print", "1"), ("child-2", "print", "4")]),
        );
        let mut same = trace(&[("child-1", "print", "1"), ("child-2", "print", "4")]);
        same.lines[1].event.pid = same.lines[0].event.pid;
        assert_eq!(violation(&rule, &same).lines, vec![1, 2]);
    }
}
