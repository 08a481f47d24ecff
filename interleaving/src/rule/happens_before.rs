//! Every `before` item comes before every `after` item, and both are seen: a rebuilt line
//! counts from its first fragment when it comes after, from its last when it comes before.

use super::Broken;
use crate::read::Line;
use crate::select::Select;

/// `Rule::HappensBefore`: the last `before` against the first `after`.
pub(super) fn check(before: &Select, after: &Select, lines: &[Line]) -> Result<(), Broken> {
    let b = before.picked(lines);
    let a = after.picked(lines);
    let (Some(last_b), Some(first_a)) = (
        b.iter().max_by_key(|i| i.line),
        a.iter().min_by_key(|i| i.first_line),
    ) else {
        let none = if b.is_empty() { before } else { after };
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
        format!("the last `{before}` before the first `{after}`"),
        format!("{} comes after {}", last_b.quote(), first_a.quote()),
        vec![first_a.first_line, last_b.line],
    ))
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
