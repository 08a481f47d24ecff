//! The judge: run the learner's program many times, check every run's trace against the
//! exercise's properties (and the rules every trace gets), and say what is still wrong in
//! the learner's terms, with the trace lines behind it; or that it passed, and how many runs
//! it took.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use interleaving::emit::JITTER_ENV;
use interleaving::{LessonSpec, Line, Outcome, Trace, Verdict, check, every_trace};

use crate::catalog::Exercise;
use crate::lab::SLOW_ENV;
use crate::run_once::{Ran, run_once};

/// Why the judge could not judge (as opposed to a program that failed its judge).
#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    /// The binary could not be started.
    #[error("cannot run {bin}: {source}")]
    Spawn {
        /// The binary.
        bin: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What the judge decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Every run held every property.
    Passed {
        /// How many runs.
        runs: usize,
    },
    /// Run `run` (1-based) of `runs` failed; the report says how.
    Failed {
        /// The failing run.
        run: usize,
        /// How many runs the judge would have made.
        runs: usize,
    },
    /// It could not be judged here (a missing `redis-server`); the reason.
    Skipped(String),
}

/// The judge's verdict: its decision and the report for the learner.
#[derive(Debug, Clone)]
pub struct Judged {
    /// Passed, failed, or skipped.
    pub decision: Decision,
    /// What to print: what is wrong, with the trace lines, or that it passed.
    pub report: String,
}

impl Judged {
    /// Whether it passed.
    pub fn passed(&self) -> bool {
        matches!(self.decision, Decision::Passed { .. })
    }
}

/// Judges `bin`, the built program of `exercise`, with the exercise's own run count.
pub fn judge(exercise: &Exercise, bin: &Path) -> Result<Judged, JudgeError> {
    judge_runs(exercise, bin, exercise.runs)
}

/// Judges `bin` with `runs` runs (stopping at the first failing one).
pub fn judge_runs(exercise: &Exercise, bin: &Path, runs: usize) -> Result<Judged, JudgeError> {
    judge_with(exercise, bin, runs, &mut |_| {})
}

/// Judges `bin` with `runs` runs, calling `ran` with the number of each run judged (for a
/// progress bar).
pub fn judge_with(
    exercise: &Exercise,
    bin: &Path,
    runs: usize,
    ran: &mut dyn FnMut(usize),
) -> Result<Judged, JudgeError> {
    if exercise.needs_redis && !distributed::server::available() {
        return Ok(Judged {
            decision: Decision::Skipped(distributed::server::MISSING.into()),
            report: format!(
                "skipped {}: {}\n",
                exercise.name,
                distributed::server::MISSING
            ),
        });
    }
    let spec = LessonSpec::new(exercise.lesson, [exercise.name]);
    let properties = (exercise.properties)(exercise.name);
    for run in 1..=runs {
        let slow = exercise.slow_ms[(run - 1) % exercise.slow_ms.len().max(1)];
        let mut env = vec![(SLOW_ENV, slow.to_string())];
        if exercise.jitter && run % 2 == 0 {
            env.push((JITTER_ENV, "1".into()));
        }
        let this =
            run_once(bin, &env, exercise.time_limit).map_err(|source| JudgeError::Spawn {
                bin: bin.to_owned(),
                source,
            })?;
        ran(run);
        if let Some(wrong) = what_is_wrong(exercise, &spec, &properties, &this) {
            let mut report = format!(
                "✗ {}: run {run} of {runs} failed (slow_ms={slow}{}).\n",
                exercise.name,
                if env.len() > 1 { ", jitter" } else { "" }
            );
            report.push_str(&wrong);
            return Ok(Judged {
                decision: Decision::Failed { run, runs },
                report,
            });
        }
    }
    Ok(Judged {
        decision: Decision::Passed { runs },
        report: format!(
            "✓ {}: passed. {runs} of {runs} runs held every property ({} properties, plus the \
             rules every trace keeps).\n",
            exercise.name,
            properties.len()
        ),
    })
}

/// What is wrong with one run, in the learner's terms, or `None` if nothing is.
fn what_is_wrong(
    exercise: &Exercise,
    spec: &LessonSpec,
    properties: &[interleaving::Property],
    ran: &Ran,
) -> Option<String> {
    let trace = match Trace::parse(&ran.stdout) {
        Ok(t) => t,
        Err(e) => return Some(format!("  its trace cannot be read: {e}\n")),
    };
    let mut out = String::new();
    let mine = check(&trace, properties);
    let broken = mine.violations().next();
    if ran.hung {
        let _ = writeln!(
            out,
            "  it was still running after {:.0?}, so the judge stopped it: {}",
            exercise.time_limit,
            exercise.why("hang").unwrap_or("something waits for ever")
        );
        out.push_str(&still_waiting(&trace));
        // What the run had already got wrong may be why it hung (a consumer that took from
        // an empty buffer, then waited for ever): say it too.
        if let Some(v) = broken {
            out.push_str("  and by then:\n");
            out.push_str(&explain(exercise, v, &trace));
        }
        return Some(out);
    }
    if let Some(v) = broken {
        out.push_str(&explain(exercise, v, &trace));
    }
    if ran.code != Some(0) {
        let stderr = ran.stderr.trim();
        let _ = writeln!(
            out,
            "  {}the program failed (exit code {}){}{}",
            if out.is_empty() { "" } else { "and " },
            ran.code
                .map_or("none: killed by a signal".into(), |c| c.to_string()),
            if stderr.is_empty() { "" } else { ": " },
            last_lines(stderr, 3)
        );
        if let Some(why) = exercise.why("exit") {
            let _ = writeln!(out, "  {why}");
        }
    }
    if out.is_empty()
        && let Some(v) = every_trace::verdicts(&trace, spec)
            .iter()
            .find(|v| matches!(v.outcome, Outcome::Violated(_)))
    {
        out.push_str(&explain(exercise, v, &trace));
    }
    (!out.is_empty()).then_some(out)
}

/// A broken property: what it means, expected against got, and its trace lines.
fn explain(exercise: &Exercise, v: &Verdict, trace: &Trace) -> String {
    let Outcome::Violated(violation) = &v.outcome else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {}",
        exercise
            .why(&v.property)
            .unwrap_or(violation.statement.as_str())
    );
    let _ = writeln!(out, "  property: {}", v.property);
    let _ = writeln!(out, "  expected: {}", violation.expected);
    let _ = writeln!(out, "  got:      {}", violation.got);
    let mut numbers = violation.lines.clone();
    numbers.sort_unstable();
    numbers.dedup();
    let shown: Vec<&Line> = numbers
        .iter()
        .filter_map(|n| trace.lines.iter().find(|l| l.no == *n))
        .take(8)
        .collect();
    if !shown.is_empty() {
        out.push_str("  trace lines:\n");
        for l in shown {
            out.push_str(&show_line(l));
        }
    }
    out
}

/// One trace line as a learner reads it: number, actor, kind, value.
fn show_line(l: &Line) -> String {
    format!(
        "    {:>5}  {:<12} {:<8} {:?}\n",
        l.no, l.event.actor, l.event.kind, l.event.value
    )
}

/// The actors of a hung run that had not finished: neither exited nor joined, each with its
/// last event (where it was when the judge stopped it).
fn still_waiting(trace: &Trace) -> String {
    let mut last: BTreeMap<&str, &Line> = BTreeMap::new();
    let mut finished: Vec<&str> = Vec::new();
    for l in &trace.lines {
        let e = &l.event;
        if e.actor == "lesson" {
            continue;
        }
        last.insert(&e.actor, l);
        if e.kind == interleaving::kinds::EXIT {
            finished.push(&e.actor);
        }
        if e.kind == interleaving::kinds::JOIN {
            finished.push(&e.value);
        }
    }
    let waiting: Vec<&&Line> = last
        .iter()
        .filter(|(actor, _)| !finished.contains(actor))
        .map(|(_, l)| l)
        .collect();
    if waiting.is_empty() {
        return "  (no actor had written an event yet)\n".into();
    }
    let mut out = String::from("  still waiting (each with the last thing it did):\n");
    for l in waiting {
        out.push_str(&show_line(l));
    }
    out
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hang_names_the_actors_that_had_not_finished() {
        let t = Trace::from_steps([
            ("lesson", "cell", "x"),
            ("main", "start", "a"),
            ("a", "acquire", "first"),
            ("b", "acquire", "first"),
            ("c", "exit", "returned"),
            ("d", "print", "hi"),
            ("main", "join", "d"),
        ]);
        let s = still_waiting(&t);
        assert!(s.contains("\"first\"") && s.contains("main"), "{s}");
        assert!(!s.contains(" c ") && !s.contains(" d "), "{s}");
    }
}
