//! Never more than `max` actors between an `enter` and their `leave` (a semaphore's permits,
//! a pool's workers).

use super::Broken;
use crate::read::Line;
use crate::select::{Picked, Select};

/// `Rule::Bounded`: the first moment too many are inside, or a leave without its enter.
pub(super) fn check(
    enter: &Select,
    leave: &Select,
    max: usize,
    lines: &[Line],
) -> Result<(), Broken> {
    let mut events: Vec<(Picked, bool)> =
        enter.picked(lines).into_iter().map(|i| (i, true)).collect();
    if events.is_empty() {
        return Err(Broken::new(
            "bounded-concurrency",
            format!("at least one `{enter}`"),
            "none in the trace".into(),
            vec![],
        ));
    }
    events.extend(leave.picked(lines).into_iter().map(|i| (i, false)));
    events.sort_by_key(|(i, _)| i.line);
    let mut inside: Vec<Picked> = Vec::new();
    for (item, is_enter) in events {
        if is_enter {
            inside.push(item);
            if inside.len() > max {
                return Err(Broken::new(
                    "bounded-concurrency",
                    format!("at most {max} inside at once"),
                    format!(
                        "{} inside after {}",
                        inside.len(),
                        inside.last().map(Picked::quote).unwrap_or_default()
                    ),
                    inside.iter().map(|i| i.line).collect(),
                ));
            }
        } else {
            match inside
                .iter()
                .position(|i| i.actor == item.actor && i.pid == item.pid)
            {
                Some(k) => {
                    inside.remove(k);
                }
                None => {
                    return Err(Broken::new(
                        "bounded-concurrency",
                        format!("{} enters before it leaves", item.actor),
                        format!("{} without an enter", item.quote()),
                        vec![item.line],
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::rule::testing::{holds, trace, violation};
    use crate::{Rule, Select};

    #[test]
    fn bounded_catches_a_third_actor_inside() {
        let rule = Rule::Bounded {
            enter: Select::kind("acquire"),
            leave: Select::kind("release"),
            max: 2,
        };
        holds(
            &rule,
            &trace(&[
                ("t1", "acquire", ""),
                ("t2", "acquire", ""),
                ("t1", "release", ""),
                ("t3", "acquire", ""),
                ("t2", "release", ""),
                ("t3", "release", ""),
            ]),
        );
        let v = violation(
            &rule,
            &trace(&[
                ("t1", "acquire", ""),
                ("t2", "acquire", ""),
                ("t3", "acquire", ""),
            ]),
        );
        assert_eq!(v.rule, "bounded-concurrency");
        assert_eq!(v.lines, vec![1, 2, 3]);
        let v = violation(
            &rule,
            &trace(&[("t1", "acquire", ""), ("t2", "release", "")]),
        );
        assert!(v.got.contains("without an enter"), "{}", v.got);
    }
}
