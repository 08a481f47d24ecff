//! The sequence of values consumed equals the sequence produced.

use super::Broken;
use crate::read::Line;
use crate::select::{Picked, Select};

/// `Rule::Fifo`: the first position where the two sequences differ.
pub(super) fn check(produced: &Select, consumed: &Select, lines: &[Line]) -> Result<(), Broken> {
    let p = produced.picked(lines);
    let c = consumed.picked(lines);
    let pv: Vec<&str> = p.iter().map(|i| i.value.as_ref()).collect();
    let cv: Vec<&str> = c.iter().map(|i| i.value.as_ref()).collect();
    if pv == cv {
        return Ok(());
    }
    let k = pv.iter().zip(&cv).take_while(|(x, y)| x == y).count();
    let at: Vec<usize> = p
        .get(k)
        .iter()
        .chain(c.get(k).iter())
        .map(|i| i.line)
        .collect();
    Err(Broken::new(
        "fifo",
        format!("{pv:?}"),
        format!(
            "{cv:?}: first difference at position {k} ({} vs {})",
            p.get(k).map_or("nothing produced".into(), Picked::quote),
            c.get(k).map_or("nothing consumed".into(), Picked::quote)
        ),
        at,
    ))
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn fifo_catches_a_swap() {
        let rule = Rule::Fifo {
            produced: Select::kind("put"),
            consumed: Select::kind("get"),
        };
        holds(
            &rule,
            &trace(&[
                ("p", "put", "0"),
                ("p", "put", "1"),
                ("c", "get", "0"),
                ("c", "get", "1"),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("p", "put", "0"),
                ("p", "put", "1"),
                ("c", "get", "1"),
                ("c", "get", "0"),
            ]),
        );
        assert_eq!(v.rule, "fifo");
        assert!(v.got.contains("position 0"), "{}", v.got);
        assert_eq!(v.lines, vec![1, 3]);
    }
}
