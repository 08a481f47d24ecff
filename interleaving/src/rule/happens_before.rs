//! Every `before` item comes before every `after` item, and both are seen.

use super::{Broken, Check, Side, Two};
use crate::read::Line;
use crate::select::{Item, Picked, Select};

/// `Rule::HappensBefore`. Its state: the `before` that ended last and the `after` that
/// began first, so far.
pub(super) struct HappensBefore {
    two: Two,
    before: Select,
    after: Select,
    last_before: Option<Item>,
    first_after: Option<Item>,
}

impl HappensBefore {
    pub(super) fn new(before: &Select, after: &Select) -> Self {
        HappensBefore {
            two: Two::new(before, after),
            before: before.clone(),
            after: after.clone(),
            last_before: None,
            first_after: None,
        }
    }
}

fn take(last_b: &mut Option<Item>, first_a: &mut Option<Item>, side: Side, i: Picked) {
    match side {
        // The last of the latest (as `max_by_key` keeps), the first of the earliest.
        Side::A if last_b.as_ref().is_none_or(|b| i.line >= b.line) => *last_b = Some(i.to_item()),
        Side::B if first_a.as_ref().is_none_or(|a| i.first_line < a.first_line) => {
            *first_a = Some(i.to_item())
        }
        _ => {}
    }
}

impl Check for HappensBefore {
    fn line(&mut self, l: &Line) {
        let (b, a) = (&mut self.last_before, &mut self.first_after);
        self.two.line(l, &mut |side, i| take(b, a, side, i));
    }

    fn finish(mut self: Box<Self>) -> Result<(), Broken> {
        let (b, a) = (&mut self.last_before, &mut self.first_after);
        self.two.finish(&mut |side, i| take(b, a, side, i));
        let (Some(last_b), Some(first_a)) = (&self.last_before, &self.first_after) else {
            let none = if self.last_before.is_none() {
                &self.before
            } else {
                &self.after
            };
            return Err(Broken::new(
                "happens-before",
                format!("at least one `{none}`"),
                "none in the trace".into(),
                vec![],
            ));
        };
        if last_b.line < first_a.first_line {
            return Ok(());
        }
        Err(Broken::new(
            "happens-before",
            format!(
                "the last `{}` before the first `{}`",
                self.before, self.after
            ),
            format!("{} comes after {}", last_b.quote(), first_a.quote()),
            vec![first_a.first_line, last_b.line],
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn happens_before_catches_hello_world_before_a_child() {
        let rule = Rule::HappensBefore {
            before: Select::lines().by("child-*"),
            after: Select::lines().by("main").value("Hello World"),
        };
        holds(
            &rule,
            &trace(&[
                ("child-1", "print", "1"),
                ("child-2", "print", "4"),
                ("main", "print", "Hello World"),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("child-1", "print", "1"),
                ("main", "print", "Hello World"),
                ("child-2", "print", "4"),
            ]),
        );
        assert_eq!(v.rule, "happens-before");
        assert_eq!(v.lines, vec![2, 3]);
    }

    #[test]
    fn happens_before_is_not_vacuous() {
        let rule = Rule::HappensBefore {
            before: Select::lines().by("child-*"),
            after: Select::kind("join"),
        };
        let v = violation(&rule, &trace(&[("child-1", "print", "1")]));
        assert!(v.got.contains("none in the trace"), "{}", v.got);
    }

    #[test]
    fn happens_before_sees_a_torn_line_begin_too_early() {
        // The line "Square: 4" began before the join although it ended after it.
        let rule = Rule::HappensBefore {
            before: Select::kind("start"),
            after: Select::lines().by("square"),
        };
        let t = trace(&[
            ("square", "write", "Square:"),
            ("main", "start", "x"),
            ("square", "write", " 4\n"),
        ]);
        assert_eq!(violation(&rule, &t).lines, vec![1, 2]);
    }
}
