//! `cargo xtask exercise [NAME] [--hint] [--watch] [--solution | --wrong] [--file PATH]`:
//! the learner's exercises (the `exercises` crate), judged by the lab's own checker.
//!
//! The parts: [`list`] (the exercises in order, with their state), [`state`] (the last
//! verdict of each, kept under `target/exercise/`), [`build`] (one exercise's binary, from
//! its file or any copy of it), [`watch`] (judge again on every save).

mod build;
mod list;
mod loom;
mod state;
mod watch;

use std::path::PathBuf;

use exercises::{EXERCISES, Exercise, Judged, judge_with};

use crate::{say, session};

/// What to judge: the learner's file (as shipped, or as they edited it), the solution, or
/// the wrong fix kept to prove the judge rejects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `exercises/exercises/NAME.rs`.
    Learner,
    /// `exercises/solutions/NAME.rs`.
    Solution,
    /// `exercises/wrong/NAME.rs`.
    Wrong,
}

impl Which {
    /// The binary's name for `exercise`, as `exercises/Cargo.toml` lists it.
    fn bin(self, exercise: &Exercise) -> String {
        match self {
            Which::Learner => exercise.name.to_owned(),
            Which::Solution => format!("solution-{}", exercise.name),
            Which::Wrong => format!("wrong-{}", exercise.name),
        }
    }

    /// Its source file, from the workspace root.
    fn file(self, exercise: &Exercise) -> String {
        exercise.file(match self {
            Which::Learner => "exercises",
            Which::Solution => "solutions",
            Which::Wrong => "wrong",
        })
    }
}

/// The verb's flags, once parsed.
pub struct Request {
    /// The exercise (none: list them all).
    pub exercise: Option<&'static Exercise>,
    /// Print its hint instead of judging.
    pub hint: bool,
    /// Judge again on every save, until Ctrl-C.
    pub watch: bool,
    /// Which of its files.
    pub which: Which,
    /// Judge this copy of the learner's file instead.
    pub file: Option<PathBuf>,
    /// Runs instead of the exercise's own count.
    pub runs: Option<usize>,
    /// Judge every exercise's file of `which` (the `.ci/run` check of the solutions).
    pub all: bool,
}

/// Parses an exercise's name for clap, listing the names when it is not one.
pub fn parse_name(s: &str) -> Result<&'static Exercise, String> {
    exercises::find(s).ok_or_else(|| {
        let names: Vec<&str> = exercises::EXERCISES.iter().map(|e| e.name).collect();
        format!(
            "no exercise called '{s}'; the exercises are: {}",
            names.join(", ")
        )
    })
}

/// Runs the verb: `Ok(true)` when the exercise passed (or for a list, a hint).
pub fn run(req: Request) -> anyhow::Result<bool> {
    if req.all {
        return all(&req);
    }
    let Some(exercise) = req.exercise else {
        say(&list::render(&state::all()));
        return Ok(true);
    };
    if req.hint {
        say(&format!(
            "{} ({}, cell `{}`): {}\n\nHint: {}\n",
            exercise.name, exercise.lesson, exercise.cell, exercise.bug, exercise.hint
        ));
        return Ok(true);
    }
    if req.watch {
        return watch::watch(exercise, &req);
    }
    once(exercise, &req)
}

/// Judges `bin` as `exercise`, with a progress bar on the terminal.
fn judged(
    exercise: &Exercise,
    bin: &std::path::Path,
    runs: Option<usize>,
) -> anyhow::Result<Judged> {
    let runs = runs.unwrap_or(exercise.runs);
    let bar = session::progress(runs as u64);
    bar.set_message(exercise.name);
    let judged = judge_with(exercise, bin, runs, &mut |_| bar.inc(1))?;
    bar.finish_and_clear();
    Ok(judged)
}

/// The runs' verdict, then, once they all passed and the exercise builds a primitive, the
/// model check of `source` with loom: `(passed, report)`.
fn judged_fully(
    exercise: &Exercise,
    bin: &std::path::Path,
    source: &std::path::Path,
    runs: Option<usize>,
) -> anyhow::Result<(bool, String, Judged)> {
    let j = judged(exercise, bin, runs)?;
    let mut report = j.report.clone();
    let mut passed = j.passed() || skipped_is_fine(&j);
    if j.passed() && exercise.loom {
        match loom::check(exercise, source)? {
            None => report.push_str(&format!(
                "✓ {}: and loom checked every interleaving of two threads using it.\n",
                exercise.name
            )),
            Some(found) => {
                passed = false;
                report.push_str(&found);
            }
        }
    }
    Ok((passed, report, j))
}

/// `--all`: every exercise's file of one kind, built at once, judged in order; one line
/// each, the report of each failure, and `Ok(false)` if any failed.
fn all(req: &Request) -> anyhow::Result<bool> {
    let bins: Vec<String> = EXERCISES.iter().map(|e| req.which.bin(e)).collect();
    let paths = build::bins(&bins)?;
    let mut ok = true;
    for (e, bin) in EXERCISES.iter().zip(paths) {
        let source = crate::paths::root().join(req.which.file(e));
        let (passed, report, _) = judged_fully(e, &bin, &source, req.runs)?;
        if req.which == Which::Learner {
            state::record(e, passed)?;
        }
        ok &= passed;
        say(&report);
    }
    let kind = match req.which {
        Which::Learner => "exercise",
        Which::Solution => "solution",
        Which::Wrong => "wrong fix",
    };
    say(&format!(
        "\n{} {kind} file(s) judged: {}\n",
        EXERCISES.len(),
        if ok {
            "every one passed"
        } else {
            "some failed (above)"
        }
    ));
    Ok(ok)
}

/// Builds and judges once; prints the verdict; records it when it is the learner's file.
fn once(exercise: &'static Exercise, req: &Request) -> anyhow::Result<bool> {
    let bin = match &req.file {
        Some(file) => build::from_file(exercise, file)?,
        None => build::bin(&req.which.bin(exercise))?,
    };
    let source = req
        .file
        .clone()
        .unwrap_or_else(|| crate::paths::root().join(req.which.file(exercise)));
    let (passed, report, judged) = judged_fully(exercise, &bin, &source, req.runs)?;
    say(&report);
    if !passed && !matches!(judged.decision, exercises::Decision::Skipped(_)) {
        let file = req
            .file
            .as_ref()
            .map_or_else(|| req.which.file(exercise), |f| f.display().to_string());
        say(&format!(
            "\nEdit {file} and judge it again (`cargo xtask exercise {} --hint` for a hint).\n",
            exercise.name
        ));
    }
    if req.which == Which::Learner && req.file.is_none() {
        state::record(exercise, passed)?;
    }
    Ok(passed)
}

/// A missing `redis-server` skips the distributed exercises (exit 0), unless
/// `CONCURRENCY_LAB_REQUIRE_REDIS=1` (as `.ci/run` sets it) makes it a failure.
fn skipped_is_fine(j: &Judged) -> bool {
    matches!(j.decision, exercises::Decision::Skipped(_))
        && std::env::var_os("CONCURRENCY_LAB_REQUIRE_REDIS").is_none_or(|v| v != "1")
}

/// Like [`once`], for `--watch`: a file that does not compile is a verdict too (the
/// compiler's message is already on the terminal), not the end of the watch.
fn once_watched(exercise: &'static Exercise, req: &Request) -> bool {
    match once(exercise, req) {
        Ok(passed) => passed,
        Err(e) => {
            say(&format!("✗ {}: {e:#}\n", exercise.name));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::paths::root;

    /// The README's "Practise" section is there, and each lesson's section of its Python to
    /// Rust table names that lesson's exercises: the repo checks itself.
    #[test]
    fn the_readme_names_every_exercise_in_its_lessons_section() {
        let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
        assert!(
            readme.contains("\n## Practise\n"),
            "README.md has no `## Practise` section"
        );
        for e in exercises::EXERCISES {
            let head = format!("\n### {}\n", e.lesson);
            let start = readme
                .find(&head)
                .unwrap_or_else(|| panic!("README.md has no `### {}` section", e.lesson));
            let rest = &readme[start + head.len()..];
            let end = ["\n## ", "\n### "]
                .iter()
                .filter_map(|h| rest.find(h))
                .min()
                .unwrap_or(rest.len());
            let section = &rest[..end];
            assert!(
                section.contains(&format!("`{}`", e.name)),
                "README.md's `### {}` section does not name its exercise `{}`",
                e.lesson,
                e.name
            );
        }
    }
}
