//! Each task's countdown, judged as its lines come.

use std::collections::HashMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::{Picked, Picker};
use interleaving::shown::Shown;
use interleaving::{Line, Outcome, Select, kinds as shared};

/// Each task started by main prints `task: n` from its n down to 1 (at least one line).
///
/// Its state: the names main started, in order, and per actor that printed, how many lines,
/// whether they have counted down by one so far and which number comes next, and the first
/// [`Shown::MAX`] lines and their numbers, which a violation quotes. A task is judged at the
/// end, in the order of the starts, since its n is how many lines it printed in all. A
/// start's value names the task: the actor whose lines are its countdown.
pub(super) struct Countdown {
    picker: Picker,
    started: Vec<String>,
    printed: HashMap<String, Counting>,
}

/// One actor's lines so far.
#[derive(Default)]
struct Counting {
    lines: usize,
    /// The number the next line must end with, while every line so far counted down.
    next: Option<u64>,
    /// Whether a line broke the countdown.
    broken: bool,
    values: Shown<String>,
    at: Shown<usize>,
}

impl Counting {
    fn take(&mut self, task: &str, value: &str, line: usize) {
        self.lines += 1;
        self.values.push(value.to_owned());
        self.at.push(line);
        if self.broken {
            return;
        }
        let wanted = match self.next {
            // The first line says where the count starts.
            None => value
                .strip_prefix(task)
                .and_then(|rest| rest.strip_prefix(": "))
                .and_then(|n| n.parse::<u64>().ok())
                .filter(|n| *n >= 1 && format!("{task}: {n}") == value),
            Some(n) => (n >= 1 && format!("{task}: {n}") == value).then_some(n),
        };
        match wanted {
            Some(n) => self.next = Some(n - 1),
            None => self.broken = true,
        }
    }

    /// Whether the lines went from n down to 1, n being how many there were.
    fn counted_down(&self) -> bool {
        !self.broken && self.lines > 0 && self.next == Some(0)
    }
}

impl Countdown {
    /// Before any line.
    pub(super) fn new() -> Self {
        Countdown {
            picker: Picker::new(&Select::lines()),
            started: Vec::new(),
            printed: HashMap::new(),
        }
    }
}

fn take(printed: &mut HashMap<String, Counting>, i: Picked<'_>) {
    let counting = match printed.get_mut(i.actor) {
        Some(c) => c,
        None => printed.entry(i.actor.to_owned()).or_default(),
    };
    counting.take(i.actor, &i.value, i.line);
}

impl Fold for Countdown {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.actor == "main" && e.kind == shared::START {
            self.started.push(e.value.clone());
        }
        let printed = &mut self.printed;
        self.picker.line(l, &mut |i| take(printed, i));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let printed = &mut self.printed;
        self.picker.finish(&mut |i| take(printed, i));
        let none = Counting::default();
        for task in &self.started {
            let c = self.printed.get(task).unwrap_or(&none);
            if c.counted_down() {
                continue;
            }
            let mut want = Shown::default();
            for k in (1..=c.lines).rev() {
                // Past the lines a message lists, only their count shows: none is written.
                let line = if want.len() < Shown::<String>::MAX {
                    format!("{task}: {k}")
                } else {
                    String::new()
                };
                want.push(line);
            }
            return violated(
                "countdown",
                &format!("{task} prints `{task}: n` from its n down to 1"),
                format!("{want} (at least one line)"),
                format!("{}", c.values),
                c.at.first().to_vec(),
            );
        }
        Outcome::Held
    }
}

#[cfg(test)]
mod tests {
    use super::Countdown;
    use interleaving::{Outcome, Rule, Trace};

    #[test]
    fn a_task_counting_down_holds_and_a_long_wrong_one_is_quoted_in_part() {
        let rule = Rule::fold(Countdown::new);
        let good = Trace::from_steps([
            ("main", "start", "t"),
            ("t", "print", "t: 2"),
            ("t", "print", "t: 1"),
        ]);
        assert_eq!(rule.eval(&good.lines), Outcome::Held);
        let start = [("main".to_owned(), "start", "t".to_owned())];
        let up = (1..=25).map(|k| ("t".to_owned(), "print", format!("t: {k}")));
        let bad = Trace::from_steps(start.into_iter().chain(up));
        let Outcome::Violated(v) = rule.eval(&bad.lines) else {
            panic!("counted up");
        };
        assert!(
            v.expected
                .ends_with("\"t: 6\", and 5 more] (at least one line)"),
            "{v}"
        );
        assert!(v.got.ends_with("\"t: 20\", and 5 more]"), "{v}");
        assert_eq!(v.lines, (2..=21).collect::<Vec<_>>());
    }
}
