//! Every selected item comes from a different process, and there is at least one.

use std::collections::HashMap;

use super::{Broken, Check};
use crate::read::Line;
use crate::select::{Item, Picker, Select};

/// `Rule::DistinctPids`. Its state: one item per process seen.
pub(super) struct DistinctPids {
    picker: Picker,
    select: Select,
    seen: HashMap<u32, Item>,
    broken: Option<Broken>,
}

impl DistinctPids {
    pub(super) fn new(select: &Select) -> Self {
        DistinctPids {
            picker: Picker::new(select),
            select: select.clone(),
            seen: HashMap::new(),
            broken: None,
        }
    }
}

fn take(seen: &mut HashMap<u32, Item>, broken: &mut Option<Broken>, i: crate::select::Picked) {
    if broken.is_some() {
        return;
    }
    if let Some(prev) = seen.get(&i.pid) {
        *broken = Some(Broken::new(
            "distinct-pids",
            "a different pid for each".into(),
            format!("pid {} twice: {} and {}", i.pid, prev.quote(), i.quote()),
            vec![prev.line, i.line],
        ));
        return;
    }
    seen.insert(i.pid, i.to_item());
}

impl Check for DistinctPids {
    fn line(&mut self, l: &Line) {
        let (seen, broken) = (&mut self.seen, &mut self.broken);
        self.picker.line(l, &mut |i| take(seen, broken, i));
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        let (seen, broken) = (&mut self.seen, &mut self.broken);
        self.picker.finish(&mut |i| take(seen, broken, i));
        if self.seen.is_empty() {
            return Err(Broken::new(
                "distinct-pids",
                format!("at least one `{}`", self.select),
                "none in the trace".into(),
                vec![],
            ));
        }
        self.broken.map_or(Ok(()), Err)
    }
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
