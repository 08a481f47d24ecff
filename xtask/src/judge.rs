//! Judging runs: one run's trace against the demo's properties, then many runs tallied.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

use interleaving::{LessonSpec, Outcome, Property, Report, Trace, check_lesson};

use crate::runner::{Ended, Run};

/// What one run showed.
#[derive(Debug)]
pub struct Judged {
    /// Wall time of the run.
    pub elapsed: Duration,
    /// A hash of the run's interleaving and of its output text, if its trace could be read.
    pub fingerprint: Option<(u64, u64)>,
    /// The output text a learner would have seen (kept only while few outputs are known).
    pub output: String,
    /// The property report, if the trace could be read.
    pub report: Option<Report>,
    /// Why the run failed, if it did (a hang, an exit code, an unreadable trace, a violation).
    pub failure: Option<String>,
    /// What the run printed (kept for failures, so the trace can be saved and re-checked).
    pub stdout: String,
}

/// What a run is checked against: the lesson (for the rules every trace gets) and its
/// properties.
#[derive(Clone, Copy)]
pub struct Against<'a> {
    /// The lesson's name, cells and waits.
    pub spec: &'a LessonSpec,
    /// Its properties.
    pub properties: &'a [Property],
}

/// Judges one run. The rules every trace gets and every property must hold and, if
/// `all_cells`, every cell must have run (a run of one cell leaves the others' properties
/// "not run", which is no failure).
pub fn judge(run: Run, against: Against, timeout: Duration, all_cells: bool) -> Judged {
    let mut j = Judged {
        elapsed: run.elapsed,
        fingerprint: None,
        output: String::new(),
        report: None,
        failure: None,
        stdout: String::new(),
    };
    let (code, stdout, stderr) = match run.ended {
        Ended::Hung { stdout } => {
            // Kept, so the saved trace is what the run printed before it was killed: cut
            // short, it fails when checked again.
            j.stdout = stdout;
            j.failure = Some(format!(
                "hung: still running after {:.1} s, killed with its process group",
                timeout.as_secs_f64()
            ));
            return j;
        }
        Ended::Exited {
            code,
            stdout,
            stderr,
        } => (code, stdout, stderr),
    };
    j.stdout = stdout;
    if code != Some(0) {
        let how = code.map_or("was killed by a signal".to_owned(), |c| {
            format!("exited with code {c}")
        });
        j.failure = Some(format!("{how}; stderr: {stderr}"));
    }
    let trace = match Trace::parse(&j.stdout) {
        Ok(t) => t,
        Err(e) => {
            j.failure.get_or_insert(format!("trace unreadable: {e}"));
            return j;
        }
    };
    let report = check_lesson(&trace, against.spec, against.properties);
    if j.failure.is_none() {
        let violated: Vec<&str> = report.violations().map(|v| v.property.as_str()).collect();
        let not_run: Vec<&str> = report.not_run().map(|v| v.property.as_str()).collect();
        if !violated.is_empty() {
            j.failure = Some(format!("violated: {}", violated.join(", ")));
        } else if all_cells && !not_run.is_empty() {
            j.failure = Some(format!("cell not in the trace for: {}", not_run.join(", ")));
        }
    }
    j.output = trace.output_text();
    j.fingerprint = Some((hash(&trace.fingerprint()), hash(&j.output)));
    j.report = Some(report);
    j
}

fn hash(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// How many distinct outputs keep their text (the rest are counted by hash only), so that a
/// tally's memory does not grow with the number of runs.
pub const OUTPUTS_KEPT: usize = 64;

/// Many runs of one demo, summed up. Its size does not grow with the runs' output: an
/// interleaving is kept as a hash, an output's text only for the first [`OUTPUTS_KEPT`].
#[derive(Debug, Default)]
pub struct Tally {
    /// How many runs.
    pub runs: usize,
    /// Runs that failed, with the first failure's detail.
    pub failed: usize,
    /// Runs that hung.
    pub hung: usize,
    /// The distinct interleavings seen: hash of the fingerprint -> runs.
    pub interleavings: BTreeMap<u64, usize>,
    /// The distinct outputs seen: hash -> (runs, its text if kept).
    pub outputs: BTreeMap<u64, (usize, Option<String>)>,
    /// Wall times, one per run.
    pub times: Vec<Duration>,
    /// Per asserted property: (runs it held in, runs it was checked in).
    pub held: BTreeMap<String, (usize, usize)>,
    /// Per observation: value -> how many runs saw it.
    pub observed: BTreeMap<String, BTreeMap<String, usize>>,
    /// The first failing run: why, its report, and what it printed.
    pub first_failure: Option<(String, Option<String>, String)>,
}

impl Tally {
    /// Adds one run.
    pub fn add(&mut self, j: Judged) {
        self.runs += 1;
        self.times.push(j.elapsed);
        if let Some((events, output)) = j.fingerprint {
            *self.interleavings.entry(events).or_default() += 1;
            let keep = self.outputs.len() < OUTPUTS_KEPT;
            self.outputs
                .entry(output)
                .or_insert_with(|| (0, keep.then(|| j.output.clone())))
                .0 += 1;
        }
        if let Some(report) = &j.report {
            for v in &report.verdicts {
                let name = match &v.cell {
                    Some(c) => format!("{} [{c}]", v.property),
                    None => v.property.clone(),
                };
                match &v.outcome {
                    Outcome::Held => add_held(&mut self.held, name, true),
                    Outcome::Violated(_) => add_held(&mut self.held, name, false),
                    // A cell that did not run is no failure here (a run of one cell, or a
                    // reference that covers a few): `judge` fails a run missing a cell it needed.
                    Outcome::NotRun => {}
                    Outcome::Observed(o) => {
                        let values = self.observed.entry(name).or_default();
                        // A measurement differs in every run: past a few hundred values, count
                        // the rest together rather than keep each.
                        let key = if values.len() < 256 || values.contains_key(o) {
                            o.clone()
                        } else {
                            "(other values)".to_owned()
                        };
                        *values.entry(key).or_default() += 1;
                    }
                }
            }
        }
        if let Some(why) = j.failure {
            self.failed += 1;
            if why.starts_with("hung") {
                self.hung += 1;
            }
            if self.first_failure.is_none() {
                let report = j.report.map(|r| {
                    r.verdicts
                        .iter()
                        .filter(|v| !matches!(v.outcome, Outcome::Held | Outcome::Observed(_)))
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                });
                self.first_failure = Some((why, report, j.stdout));
            }
        }
    }

    /// (properties that held in every run, properties asserted).
    pub fn properties_held(&self) -> (usize, usize) {
        let all = self.held.values().filter(|(h, n)| h == n).count();
        (all, self.held.len())
    }

    /// The median wall time.
    pub fn median(&self) -> Option<Duration> {
        let mut t = self.times.clone();
        t.sort();
        t.get(t.len() / 2).copied()
    }
}

fn add_held(map: &mut BTreeMap<String, (usize, usize)>, name: String, held: bool) {
    let slot = map.entry(name).or_default();
    slot.0 += usize::from(held);
    slot.1 += 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleaving::{Rule, Select};

    fn props() -> Vec<Property> {
        vec![Property::new(
            "hello-once",
            Rule::Count {
                select: Select::lines().value("Hello"),
                n: 1,
            },
        )]
    }

    fn spec() -> LessonSpec {
        LessonSpec::new("demo", ["hello"])
    }

    fn against<'a>(spec: &'a LessonSpec, props: &'a [Property]) -> Against<'a> {
        Against {
            spec,
            properties: props,
        }
    }

    fn exited(stdout: &str) -> Run {
        Run {
            ended: Ended::Exited {
                code: Some(0),
                stdout: stdout.into(),
                stderr: String::new(),
            },
            elapsed: Duration::from_millis(5),
        }
    }

    /// One whole run of the lesson "demo", printing `hellos` times "Hello".
    fn run_text(hellos: usize) -> String {
        let mut steps = vec![
            ("lesson", "lesson", "demo"),
            ("lesson", "cell", "hello"),
            ("lesson", "knob", ""),
        ];
        steps.extend(std::iter::repeat_n(("main", "print", "Hello"), hellos));
        steps.push(("lesson", "end", "demo"));
        Trace::from_steps(steps)
            .lines
            .iter()
            .map(|l| l.event.to_json_line())
            .collect()
    }

    #[test]
    fn a_hung_run_is_reported_as_a_hang_and_keeps_what_it_printed() {
        let printed: String = run_text(1)
            .lines()
            .take(3)
            .map(|l| format!("{l}\n"))
            .collect();
        let run = Run {
            ended: Ended::Hung {
                stdout: printed.clone(),
            },
            elapsed: Duration::from_secs(3),
        };
        let (spec, props) = (spec(), props());
        let j = judge(run, against(&spec, &props), Duration::from_secs(3), true);
        assert!(j.failure.as_deref().unwrap().starts_with("hung"), "{j:?}");
        assert_eq!(j.stdout, printed);
        // What is saved for a re-check fails it: the run was cut short.
        let again = judge(
            exited(&j.stdout),
            against(&spec, &props),
            Duration::from_secs(3),
            true,
        );
        assert!(again.failure.unwrap().contains("one-run-of-one-lesson"));
        let mut t = Tally::default();
        t.add(j);
        assert_eq!((t.runs, t.failed, t.hung), (1, 1, 1));
    }

    #[test]
    fn a_violation_and_an_unreadable_trace_fail_the_run() {
        let (spec, props) = (spec(), props());
        let j = judge(
            exited(&run_text(2)),
            against(&spec, &props),
            Duration::from_secs(1),
            true,
        );
        assert_eq!(j.failure.as_deref(), Some("violated: hello-once"));
        let j = judge(
            exited("Hello\n"),
            against(&spec, &props),
            Duration::from_secs(1),
            true,
        );
        assert!(j.failure.unwrap().starts_with("trace unreadable: line 1"));
    }

    #[test]
    fn an_empty_run_fails() {
        let (spec, props) = (spec(), props());
        let j = judge(
            exited(""),
            against(&spec, &props),
            Duration::from_secs(1),
            true,
        );
        assert_eq!(
            j.failure.as_deref(),
            Some("violated: one-run-of-one-lesson, hello-once")
        );
    }

    #[test]
    fn a_clean_run_passes_and_is_tallied() {
        let (spec, props) = (spec(), props());
        let mut t = Tally::default();
        for _ in 0..3 {
            let j = judge(
                exited(&run_text(1)),
                against(&spec, &props),
                Duration::from_secs(1),
                true,
            );
            assert!(j.failure.is_none(), "{j:?}");
            t.add(j);
        }
        assert_eq!(t.properties_held(), (5, 5));
        assert_eq!(t.interleavings.len(), 1);
        assert_eq!(t.median(), Some(Duration::from_millis(5)));
    }

    #[test]
    fn a_nonzero_exit_fails_even_with_a_good_trace() {
        let (spec, props) = (spec(), props());
        let mut run = exited(&run_text(1));
        if let Ended::Exited { code, .. } = &mut run.ended {
            *code = Some(1);
        }
        let j = judge(run, against(&spec, &props), Duration::from_secs(1), true);
        assert!(j.failure.unwrap().starts_with("exited with code 1"));
    }

    #[test]
    fn a_tally_keeps_no_run_output_past_a_fixed_number() {
        let (spec, props) = (spec(), props());
        let mut t = Tally::default();
        for i in 0..(OUTPUTS_KEPT * 4) {
            // Every run prints something else, as a torn-lines run does.
            let text = run_text(1).replace("\"Hello\"", &format!("\"Hello {i:0>2000}\""));
            t.add(judge(
                exited(&text),
                against(&spec, &props),
                Duration::from_secs(1),
                true,
            ));
        }
        let kept = t
            .outputs
            .values()
            .filter(|(_, text)| text.is_some())
            .count();
        assert_eq!(t.outputs.len(), OUTPUTS_KEPT * 4);
        assert_eq!(kept, OUTPUTS_KEPT);
        assert!(
            t.first_failure.is_some(),
            "hello-once fails: the value is not Hello"
        );
    }

    #[test]
    fn a_cell_that_did_not_run_is_no_failed_property() {
        // A Python reference covers one cell: the other cells' properties are "not run"
        // there, which `compare` shows as n/a; they must not count as held 0 of n (the bug
        // that made `compare` exit 1 with "0 failed" on both sides).
        let spec = LessonSpec::new("demo", ["hello", "other"]);
        let props = vec![
            props().remove(0).in_cell("hello"),
            Property::new(
                "other-once",
                Rule::Count {
                    select: Select::lines(),
                    n: 1,
                },
            )
            .in_cell("other"),
        ];
        let mut t = Tally::default();
        let j = judge(
            exited(&run_text(1)),
            against(&spec, &props),
            Duration::from_secs(1),
            false,
        );
        assert!(j.failure.is_none(), "{j:?}");
        t.add(j);
        assert!(!t.held.contains_key("other-once [other]"), "{:?}", t.held);
        assert_eq!(t.held.get("hello-once [hello]"), Some(&(1, 1)));
        assert_eq!(t.properties_held(), (5, 5));
    }
}
