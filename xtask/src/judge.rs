//! Judging runs: one run's trace against the demo's properties, then many runs tallied.

use std::collections::BTreeMap;
use std::time::Duration;

use interleaving::{Outcome, Property, Report, Trace, check};

use crate::runner::{Ended, Run};

/// What one run showed.
#[derive(Debug)]
pub struct Judged {
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The run's interleaving, if its trace could be read.
    pub fingerprint: Option<String>,
    /// The property report, if the trace could be read.
    pub report: Option<Report>,
    /// Why the run failed, if it did (a hang, an exit code, an unreadable trace, a violation).
    pub failure: Option<String>,
    /// What the run printed (kept for failures, so the trace can be saved and re-checked).
    pub stdout: String,
}

/// Judges one run. Every property must hold and, if `all_cells`, every cell must have run
/// (a run of one cell leaves the others' properties "not run", which is no failure).
pub fn judge(run: Run, properties: &[Property], timeout: Duration, all_cells: bool) -> Judged {
    let mut j = Judged {
        elapsed: run.elapsed,
        fingerprint: None,
        report: None,
        failure: None,
        stdout: String::new(),
    };
    let (code, stdout, stderr) = match run.ended {
        Ended::Hung => {
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
    let report = check(&trace, properties);
    if j.failure.is_none() {
        let violated: Vec<&str> = report.violations().map(|v| v.property.as_str()).collect();
        let not_run: Vec<&str> = report.not_run().map(|v| v.property.as_str()).collect();
        if !violated.is_empty() {
            j.failure = Some(format!("violated: {}", violated.join(", ")));
        } else if all_cells && !not_run.is_empty() {
            j.failure = Some(format!("cell not in the trace for: {}", not_run.join(", ")));
        }
    }
    j.fingerprint = Some(trace.fingerprint());
    j.report = Some(report);
    j
}

/// Many runs of one demo, summed up.
#[derive(Debug, Default)]
pub struct Tally {
    /// How many runs.
    pub runs: usize,
    /// Runs that failed, with the first failure's detail.
    pub failed: usize,
    /// Runs that hung.
    pub hung: usize,
    /// The distinct interleavings seen: fingerprint -> (runs, one run's stdout).
    pub interleavings: BTreeMap<String, (usize, String)>,
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
        if let Some(f) = &j.fingerprint {
            self.interleavings
                .entry(f.clone())
                .or_insert_with(|| (0, j.stdout.clone()))
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
                    Outcome::Violated(_) | Outcome::NotRun => add_held(&mut self.held, name, false),
                    Outcome::Observed(o) => {
                        *self
                            .observed
                            .entry(name)
                            .or_default()
                            .entry(o.clone())
                            .or_default() += 1
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

    const HELLO: &str = "{\"seq\":0,\"t_ns\":1,\"pid\":1,\"actor\":\"main\",\"kind\":\"print\",\"value\":\"Hello\"}\n";

    #[test]
    fn a_hung_run_is_reported_as_a_hang() {
        let run = Run {
            ended: Ended::Hung,
            elapsed: Duration::from_secs(3),
        };
        let j = judge(run, &props(), Duration::from_secs(3), true);
        assert!(j.failure.as_deref().unwrap().starts_with("hung"), "{j:?}");
        let mut t = Tally::default();
        t.add(j);
        assert_eq!((t.runs, t.failed, t.hung), (1, 1, 1));
    }

    #[test]
    fn a_violation_and_an_unreadable_trace_fail_the_run() {
        let twice = format!("{HELLO}{}", HELLO.replace("\"seq\":0", "\"seq\":1"));
        let j = judge(exited(&twice), &props(), Duration::from_secs(1), true);
        assert_eq!(j.failure.as_deref(), Some("violated: hello-once"));
        let j = judge(exited("Hello\n"), &props(), Duration::from_secs(1), true);
        assert!(j.failure.unwrap().starts_with("trace unreadable: line 1"));
    }

    #[test]
    fn a_clean_run_passes_and_is_tallied() {
        let mut t = Tally::default();
        for _ in 0..3 {
            let j = judge(exited(HELLO), &props(), Duration::from_secs(1), true);
            assert!(j.failure.is_none(), "{j:?}");
            t.add(j);
        }
        assert_eq!(t.properties_held(), (1, 1));
        assert_eq!(t.interleavings.len(), 1);
        assert_eq!(t.median(), Some(Duration::from_millis(5)));
    }

    #[test]
    fn a_nonzero_exit_fails_even_with_a_good_trace() {
        let mut run = exited(HELLO);
        if let Ended::Exited { code, .. } = &mut run.ended {
            *code = Some(1);
        }
        let j = judge(run, &props(), Duration::from_secs(1), true);
        assert!(j.failure.unwrap().starts_with("exited with code 1"));
    }
}
