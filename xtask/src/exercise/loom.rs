//! The model check of a learner's primitive: the file being judged is compiled into the
//! `exercises` crate's `model` tests (feature `loom`), where loom tries every interleaving of
//! two threads using it. A run that passed 10 times can still lose an update in one
//! interleaving out of thousands; loom finds it.

use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::paths;

/// What the model of each exercise calls in the learner's file, for the message when it
/// cannot build.
fn kept(exercise: &str) -> &'static str {
    match exercise {
        "set-then-clear" => "`Event` with `new`, `set`, `clear`, `wait` and `waiting`",
        _ => "`new_counter`, `add` and `value`",
    }
}

/// What a deadlock that loom found in the model of `exercise` means (loom aborts the model
/// with `deadlock; threads = ...`, so the model cannot say it itself).
fn deadlock(exercise: &str) -> &'static str {
    match exercise {
        "set-then-clear" => {
            "the waiter never returned from `wait`: it was woken by `set`, but `clear` lowered \
             the flag before it looked, and it went back to sleep for ever (loom: deadlock)"
        }
        _ => "the threads waited for each other for ever (loom: deadlock)",
    }
}

/// The file the model of `exercise` includes (`exercises/src/model/NAME.rs`).
fn model_copy(dir: &Path, exercise: &str) -> std::path::PathBuf {
    dir.join(format!("{}.rs", exercise.replace('-', "_")))
}

/// Writes `source` where a model includes it, its `//!` header made plain comments (its items
/// are included into a module of the crate, where a `//!` header cannot be). Leaves the file
/// alone if it already says that, so that cargo does not build the crate again for nothing.
fn write_copy(source: &Path, to: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(source).with_context(|| format!("reading {}", source.display()))?;
    let included: String = text
        .lines()
        .map(|l| {
            l.strip_prefix("//!")
                .map_or(l.to_owned(), |rest| format!("//{rest}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    if std::fs::read_to_string(to).ok().as_deref() == Some(included.as_str()) {
        return Ok(());
    }
    std::fs::write(to, included).with_context(|| format!("writing {}", to.display()))
}

/// Model-checks `source`, the file being judged as `exercise`: `None` when every
/// interleaving is right, or what loom found, in the learner's terms.
pub fn check(exercise: &exercises::Exercise, source: &Path) -> anyhow::Result<Option<String>> {
    let dir = paths::root().join("target").join("exercise").join("loom");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    // Every model is compiled into one test binary: the other models include their solutions.
    for other in exercises::EXERCISES.iter().filter(|e| e.loom) {
        let from = if other.name == exercise.name {
            source.to_path_buf()
        } else {
            paths::root().join(other.file("solutions"))
        };
        write_copy(&from, &model_copy(&dir, other.name))?;
    }
    let filter = format!("model::{}::", exercise.name.replace('-', "_"));
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(paths::root())
        .args([
            "test",
            "--quiet",
            "--package",
            "exercises",
            "--features",
            "loom",
            "--lib",
        ])
        .args([filter.as_str(), "--", "--test-threads=1"])
        .output()
        .context("running the loom model (cargo test)")?;
    if out.status.success() {
        return Ok(None);
    }
    let all = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let found = all
        .lines()
        .find_map(|l| l.split_once("LOOM: ").map(|(_, m)| m.trim().to_owned()))
        .or_else(|| {
            all.contains("deadlock; threads =")
                .then(|| deadlock(exercise.name).to_owned())
        });
    Ok(Some(match found {
        Some(m) => format!(
            "✗ {}: the runs passed, but the model checker (loom) found an interleaving that \
             fails: {m}\n",
            exercise.name
        ),
        None => format!(
            "✗ {}: the model check could not build or run your file (it must keep {}, and take \
             atomics, locks and conditions from `exercises::sync`):\n{}\n",
            exercise.name,
            kept(exercise.name),
            all.lines()
                .filter(|l| l.starts_with("error"))
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One model check at a time: they share the models' copies of the files.
    static MODELS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn loom_finds_the_lost_update_in_the_shipped_file_and_the_wrong_fix_not_in_the_solution() {
        let _one = MODELS.lock().unwrap_or_else(|e| e.into_inner());
        let e = exercises::find("lost-update").unwrap();
        let at = |dir: &str| paths::root().join(e.file(dir));
        let shipped = check(e, &at("exercises")).unwrap();
        assert!(
            shipped
                .as_deref()
                .is_some_and(|r| r.contains("the counter ended at 1, not 2")),
            "{shipped:?}"
        );
        let wrong = check(e, &at("wrong")).unwrap();
        assert!(
            wrong.as_deref().is_some_and(|r| r.contains("ended at 1")),
            "{wrong:?}"
        );
        assert_eq!(check(e, &at("solutions")).unwrap(), None);
    }

    #[test]
    fn loom_finds_the_missed_set_in_the_shipped_file_and_the_wrong_fix_not_in_the_solution() {
        let _one = MODELS.lock().unwrap_or_else(|e| e.into_inner());
        let e = exercises::find("set-then-clear").unwrap();
        let at = |dir: &str| paths::root().join(e.file(dir));
        let missed = "the waiter never returned from `wait`";
        let shipped = check(e, &at("exercises")).unwrap();
        assert!(
            shipped.as_deref().is_some_and(|r| r.contains(missed)),
            "{shipped:?}"
        );
        // The timeout on the wait: the woken waiter still finds the flag down, and waits again.
        let wrong = check(e, &at("wrong")).unwrap();
        assert!(
            wrong.as_deref().is_some_and(|r| r.contains(missed)),
            "{wrong:?}"
        );
        assert_eq!(check(e, &at("solutions")).unwrap(), None);
    }
}
