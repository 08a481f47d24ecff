//! Helpers every lesson needs live once (issue #18): a second copy of one fails `cargo test`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::paths::root;

/// Every `.rs` or `.py` file under `dir`, `target/` and hidden folders left out.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "py") {
            out.push(path);
        }
    }
}

/// The files (from the root) whose text contains `needle`.
fn files_with(needle: &str) -> Vec<String> {
    let mut files = Vec::new();
    sources(&root(), &mut files);
    let mut hits: Vec<String> = files
        .iter()
        .filter(|f| fs::read_to_string(f).is_ok_and(|t| t.contains(needle)))
        .map(|f| {
            let rel = f.strip_prefix(root()).unwrap_or(f);
            rel.display().to_string()
        })
        .collect();
    hits.sort();
    hits
}

#[test]
fn every_shared_helper_is_defined_once() {
    // This file names them all in strings, so it is not one of their homes.
    let me = "xtask/src/tidy/once.rs";
    let homes = [
        ("fn panic_message(", "interleaving/src/panic_message.rs"),
        ("fn py_print(", "interleaving/src/py_print.rs"),
        ("…\", flat.chars().take(max)", "interleaving/src/shorten.rs"),
        ("fn count_primes(", "multiprocessing/src/primes.rs"),
        ("pub trait Store", "producer-consumer/src/store.rs"),
        ("def generator_send(", "reference/python/bench.py"),
        ("def generator_life(", "reference/python/bench.py"),
        ("def count_primes(", "reference/python/bench.py"),
    ];
    let wrong: Vec<String> = homes
        .iter()
        .filter_map(|(needle, home)| {
            let found: Vec<String> = files_with(needle).into_iter().filter(|f| f != me).collect();
            (found != [home.to_string()])
                .then(|| format!("`{needle}`: in {found:?}, not only {home}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "written more than once (or moved):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_lesson_main_declares_the_shared_command_line_again() {
    // `interleaving::LessonCli` is this struct; a main with flags of its own (distributed's
    // --redis) declares more fields, so it does not match.
    let again = "    lesson: LessonArgs,\n    #[command(flatten)]\n    knobs: Knobs,\n}";
    let mains: Vec<String> = files_with(again)
        .into_iter()
        .filter(|f| f.ends_with("src/main.rs"))
        .collect();
    assert!(
        mains.is_empty(),
        "use interleaving::LessonCli or Lesson::main in {mains:?}"
    );
}
