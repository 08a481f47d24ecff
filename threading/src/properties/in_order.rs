//! "Each thread prints Square: 1, 4, 9... (or Cube: 1, 8, 27...), whole and in order": the
//! six threads of the torn-lines cell, each line compared as it is completed.

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::{Pattern, Picked, Picker};
use interleaving::{Line, Outcome, Select};

const STATEMENT: &str =
    "each thread prints Square: 1, 4, 9... (or Cube: 1, 8, 27...), whole and in order";

/// One thread's lines so far: how many, and the first that is not the one expected there
/// (wrong, or past the `lines`-th), with its place.
struct Thread {
    actor: String,
    matching: Pattern,
    label: &'static str,
    power: u32,
    count: usize,
    /// The index of the first line out of place and, from it, its text and lines.
    wrong: Option<(usize, String, usize, usize)>,
}

impl Thread {
    fn new(style: &str, label: &'static str, power: u32) -> Self {
        let actor = format!("{style}-{}", label.to_lowercase());
        Thread {
            matching: Pattern::new(actor.as_str()),
            actor,
            label,
            power,
            count: 0,
            wrong: None,
        }
    }

    /// The `k`-th line (0-based) this thread should print.
    fn want(&self, k: usize) -> String {
        format!("{}: {}", self.label, (k as u64 + 1).pow(self.power))
    }

    fn item(&mut self, i: &Picked<'_>, n: usize) {
        let k = self.count;
        self.count += 1;
        if self.wrong.is_none() && (k >= n || i.value != self.want(k)) {
            self.wrong = Some((k, i.value.clone().into_owned(), i.first_line, i.line));
        }
    }

    /// Where the thread's lines first differ from the `n` expected, if they do.
    fn broken(&self, n: usize) -> Option<Outcome> {
        let (k, got) = match &self.wrong {
            Some((k, value, first, line)) => (*k, Some((value.clone(), vec![*first, *line]))),
            None if self.count == n => return None,
            None => (self.count, None),
        };
        let want = (k < n).then(|| self.want(k));
        Some(violated(
            "lines-in-order",
            STATEMENT,
            format!("{}: {n} lines, line {} = {want:?}", self.actor, k + 1),
            format!(
                "{} lines, line {} = {:?}",
                self.count,
                k + 1,
                got.as_ref().map(|(v, _)| v)
            ),
            got.map(|(_, lines)| lines).unwrap_or_default(),
        ))
    }
}

/// The rule, for `lines` lines per thread (`None`: the cell did not say). Its state: per
/// thread, how many lines it printed and its first line out of place (a [`Thread`]), and
/// the fragments of lines not yet finished.
pub(super) struct InOrder {
    n: Option<usize>,
    picker: Picker,
    threads: Vec<Thread>,
}

impl InOrder {
    /// Before any line.
    pub(super) fn new(lines: Option<u64>) -> Self {
        let mut threads = Vec::new();
        for style in ["pieces", "whole", "locked"] {
            for (label, power) in [("Square", 2), ("Cube", 3)] {
                threads.push(Thread::new(style, label, power));
            }
        }
        InOrder {
            n: lines.map(|n| n as usize),
            picker: Picker::new(&Select::lines()),
            threads,
        }
    }

    fn item(threads: &mut [Thread], n: usize, i: Picked<'_>) {
        for t in threads.iter_mut().filter(|t| t.matching.matches(i.actor)) {
            t.item(&i, n);
        }
    }
}

impl Fold for InOrder {
    fn line(&mut self, l: &Line) {
        let Some(n) = self.n else { return };
        let threads = &mut self.threads;
        self.picker.line(l, &mut |i| Self::item(threads, n, i));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let Some(n) = self.n else {
            return violated(
                "lines-in-order",
                STATEMENT,
                "a `knob lines=N` by lesson".into(),
                "none".into(),
                vec![],
            );
        };
        let threads = &mut self.threads;
        self.picker.finish(&mut |i| Self::item(threads, n, i));
        // The first thread in the order of the statement, not the first to go wrong.
        self.threads
            .iter()
            .find_map(|t| t.broken(n))
            .unwrap_or(Outcome::Held)
    }
}
