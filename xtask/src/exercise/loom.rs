//! The model check of a learner's primitive: the file being judged is compiled into the
//! `exercises` crate's `model` tests (feature `loom`), where loom tries every interleaving of
//! two threads using it. A run that passed 10 times can still lose an update in one
//! interleaving out of thousands; loom finds it.

use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::paths;

/// Model-checks `source`, the file being judged as `exercise`: `None` when every
/// interleaving is right, or what loom found, in the learner's terms.
pub fn check(exercise: &exercises::Exercise, source: &Path) -> anyhow::Result<Option<String>> {
    let text =
        std::fs::read_to_string(source).with_context(|| format!("reading {}", source.display()))?;
    // Its items are included into a module of the crate, where a `//!` header cannot be.
    let included: String = text
        .lines()
        .map(|l| {
            l.strip_prefix("//!")
                .map_or(l.to_owned(), |rest| format!("//{rest}"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = paths::root().join("target").join("exercise").join("loom");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(dir.join("learner.rs"), included + "\n").context("writing the model's copy")?;
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
        .args(["model::", "--", "--test-threads=1"])
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
        .find_map(|l| l.split_once("LOOM: ").map(|(_, m)| m.trim().to_owned()));
    Ok(Some(match found {
        Some(m) => format!(
            "✗ {}: the runs passed, but the model checker (loom) found an interleaving that \
             fails: {m}\n",
            exercise.name
        ),
        None => format!(
            "✗ {}: the model check could not build or run your file (it must keep `new_counter`, \
             `add` and `value`, and take atomics and locks from `exercises::sync`):\n{}\n",
            exercise.name,
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

    /// One at a time: they share the model's copy of the file.
    #[test]
    fn loom_finds_the_lost_update_in_the_shipped_file_and_the_wrong_fix_not_in_the_solution() {
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
}
