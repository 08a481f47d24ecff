//! Each exercise's state, as `rustlings list` shows it: done if the last judging of the
//! learner's file passed, not yet otherwise. One small file per exercise under
//! `target/exercise/state/`, so `cargo clean` starts the learner afresh.

use std::fs;
use std::path::PathBuf;

use anyhow::Context;
use exercises::{EXERCISES, Exercise};

use crate::paths;

fn dir() -> PathBuf {
    paths::target_dir().join("exercise").join("state")
}

/// Records the last verdict of `exercise`'s learner file.
pub fn record(exercise: &Exercise, passed: bool) -> anyhow::Result<()> {
    let dir = dir();
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let file = dir.join(exercise.name);
    fs::write(&file, if passed { "done\n" } else { "not yet\n" })
        .with_context(|| format!("writing {}", file.display()))
}

/// Whether `exercise` was last judged done.
pub fn done(exercise: &Exercise) -> bool {
    fs::read_to_string(dir().join(exercise.name)).is_ok_and(|s| s.trim() == "done")
}

/// Every exercise, in order, with whether it is done.
pub fn all() -> Vec<(&'static Exercise, bool)> {
    EXERCISES.iter().map(|e| (e, done(e))).collect()
}
