//! The values selected, as a multiset, equal the expected ones.

use std::collections::BTreeMap;

use super::{Broken, Check, Shown};
use crate::read::Line;
use crate::select::{Item, Picked, Picker, Select};

/// `Rule::Multiset`. Its state: how many of each expected value are still wanted, and the
/// items beyond them.
pub(super) struct Multiset {
    picker: Picker,
    expected: Vec<String>,
    want: BTreeMap<String, usize>,
    got: Shown<String>,
    extra: Vec<Item>,
}

impl Multiset {
    pub(super) fn new(select: &Select, expected: &[String]) -> Self {
        let mut want: BTreeMap<String, usize> = BTreeMap::new();
        for e in expected {
            *want.entry(e.clone()).or_default() += 1;
        }
        Multiset {
            picker: Picker::new(select),
            expected: expected.to_vec(),
            want,
            got: Shown::default(),
            extra: Vec::new(),
        }
    }
}

fn take(
    want: &mut BTreeMap<String, usize>,
    got: &mut Shown<String>,
    extra: &mut Vec<Item>,
    i: Picked,
) {
    got.push(i.value.to_string());
    match want.get_mut(i.value.as_ref()) {
        Some(n) if *n > 0 => *n -= 1,
        _ => extra.push(i.to_item()),
    }
}

impl Check for Multiset {
    fn line(&mut self, l: &Line) {
        let (want, got, extra) = (&mut self.want, &mut self.got, &mut self.extra);
        self.picker.line(l, &mut |i| take(want, got, extra, i));
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        let (want, got, extra) = (&mut self.want, &mut self.got, &mut self.extra);
        self.picker.finish(&mut |i| take(want, got, extra, i));
        let missing: Vec<&str> = self
            .want
            .iter()
            .flat_map(|(v, n)| std::iter::repeat_n(v.as_str(), *n))
            .collect();
        if missing.is_empty() && self.extra.is_empty() {
            return Ok(());
        }
        let mut what = Vec::new();
        if !missing.is_empty() {
            what.push(format!("missing {missing:?}"));
        }
        if !self.extra.is_empty() {
            let q: Vec<String> = self.extra.iter().map(Item::quote).collect();
            what.push(format!("extra [{}]", q.join("; ")));
        }
        Err(Broken::new(
            "exactly-once",
            format!("{:?}", self.expected),
            format!("{}: {}", self.got, what.join(", ")),
            self.extra.iter().map(|i| i.line).collect(),
        ))
    }
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
