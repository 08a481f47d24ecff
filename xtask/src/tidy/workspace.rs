//! The repo checks itself (rust-analyzer's `tidy.rs`): plain `cargo test` fails when an
//! invariant of the workspace breaks.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::demos::DEMOS;
use crate::paths::root;

/// Crates that are not demos.
const NOT_DEMOS: &[&str] = &["interleaving", "exercises", "xtask"];

fn members() -> Vec<String> {
    super::deps::members(&fs::read_to_string(root().join("Cargo.toml")).unwrap())
}

#[test]
fn every_demo_crate_is_in_the_xtask_table_and_nothing_else_is() {
    let demos: BTreeSet<String> = members()
        .into_iter()
        .filter(|m| !NOT_DEMOS.contains(&m.as_str()))
        .collect();
    let table: BTreeSet<String> = DEMOS.iter().map(|d| d.name.to_owned()).collect();
    assert_eq!(
        demos, table,
        "workspace members (left) and xtask/src/demos.rs's DEMOS (right) must list the same demos"
    );
}

/// Every crate root: lib, main, src/bin/*, tests/*, benches/*, examples/*.
fn crate_roots(member: &Path) -> Vec<PathBuf> {
    let mut roots = vec![member.join("src/lib.rs"), member.join("src/main.rs")];
    for dir in ["src/bin", "tests", "benches", "examples"] {
        if let Ok(entries) = fs::read_dir(member.join(dir)) {
            roots.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "rs")),
            );
        }
    }
    roots.into_iter().filter(|p| p.exists()).collect()
}

#[test]
fn every_crate_root_opens_with_a_doc_header() {
    let mut missing = Vec::new();
    for m in members() {
        for file in crate_roots(&root().join(&m)) {
            let text = fs::read_to_string(&file).unwrap();
            // A `#![cfg(loom)]` may come first; the header must still be there.
            let has_header = text
                .lines()
                .find(|l| !l.trim().is_empty() && !l.starts_with("#!["))
                .is_some_and(|l| l.starts_with("//!"));
            if !has_header {
                missing.push(file.strip_prefix(root()).unwrap().display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these crate roots have no `//!` header saying what they show and how to run them: {missing:?}"
    );
}

#[test]
fn the_readme_keeps_its_two_commands_and_a_table_per_demo() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("cargo xtask demo-all"));
    assert!(readme.contains("cargo test --workspace"));
    for d in DEMOS {
        assert!(
            readme.contains(&format!("### {}\n", d.name)),
            "README.md has no `### {}` section in its Python-to-Rust table",
            d.name
        );
    }
    let ci = fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.contains("\ncargo test --workspace\n"),
        ".ci/run must call the README's test command"
    );
}

/// The `.rs` files of a demo's `src/cells/` (without `mod.rs`), from the workspace root.
fn cell_files(demo: &str) -> BTreeSet<String> {
    fs::read_dir(root().join(demo).join("src/cells"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") && n != "mod.rs")
        .map(|n| format!("{demo}/src/cells/{n}"))
        .collect()
}

/// One name for one thing: `--list` and every heading say a cell's file is named after the
/// cell (`interleaving::lesson::cell_file`), so a reader who knows the cell finds its code.
#[test]
fn every_cell_lives_in_the_file_named_after_it() {
    let mut wrong = Vec::new();
    for demo in DEMOS {
        let spec = (demo.spec)();
        let named: BTreeSet<String> = spec
            .cells
            .iter()
            .map(|c| interleaving::lesson::cell_file(&spec.name, c))
            .collect();
        let files = cell_files(demo.name);
        for missing in named.difference(&files) {
            wrong.push(format!("no file {missing} for its cell"));
        }
        for stray in files.difference(&named) {
            wrong.push(format!(
                "{stray} is named after no cell of the {}",
                spec.name
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "each cell's file must be its name in snake case (`git mv` the file, keep the name):\n{}",
        wrong.join("\n")
    );
}

/// The cell names a Python reference script gives: the first string literal after each
/// `cell(` (`lab_trace.cell("gather")`, `cell("func2")`, `Cell(url, "pool-map", ...)`).
fn python_cell_names(script: &str) -> Vec<String> {
    script
        .match_indices("ell(")
        .filter(|(at, _)| script[..*at].ends_with(['c', 'C']))
        .filter_map(|(at, _)| {
            let args = &script[at + "ell(".len()..];
            let args = &args[..args.find(')').unwrap_or(args.len())];
            let mut parts = args.split('"');
            parts.next()?;
            parts.next().map(str::to_owned)
        })
        .collect()
}

#[test]
fn every_python_reference_cell_is_a_cell_of_its_lesson() {
    let mut wrong = Vec::new();
    for demo in DEMOS {
        let spec = (demo.spec)();
        let script = format!("reference/python/py_{}.py", demo.name.replace('-', "_"));
        let text = fs::read_to_string(root().join(&script))
            .unwrap_or_else(|e| panic!("{script}: {e} (every demo has a Python reference)"));
        let names = python_cell_names(&text);
        assert!(!names.is_empty(), "{script} names no cell");
        for name in names {
            if !spec.cells.contains(&name) {
                wrong.push(format!("{script}: cell \"{name}\""));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "these Python cells name no cell of their lesson (see `cargo run -p NAME -- --list`):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn python_cell_names_are_read_from_every_way_a_script_names_a_cell() {
    let script = "def cell(name, **k):\n    lab_trace.cell(name, **k)\n\
                  async def gather_cell():\n    lab_trace.cell(\"gather\")\n\
                  cell(\"func2\")  # In [21]\n    c = Cell(url, \"pool-map\", {\"items\": 3})\n";
    assert_eq!(python_cell_names(script), ["gather", "func2", "pool-map"]);
}

/// Each knob's default is written once, in clap's `default_value_t`: `Knobs::default()` asks
/// clap (`interleaving::lesson::knob_defaults`) instead of repeating every value by hand.
#[test]
fn every_knob_default_is_written_once() {
    for demo in DEMOS {
        let file = format!("{}/src/cells/mod.rs", demo.name);
        let text = fs::read_to_string(root().join(&file)).unwrap();
        let Some(at) = text.find("impl Default for Knobs") else {
            continue;
        };
        let body = &text[at..];
        let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
        assert!(
            body.contains("knob_defaults()"),
            "{file}: `impl Default for Knobs` repeats the defaults its `default_value_t`s \
             give; call `interleaving::lesson::knob_defaults()` instead"
        );
    }
    // And they parse: knob_defaults panics on a default its own parser refuses.
    let _ = threading::cells::Knobs::default();
    let _ = multiprocessing::cells::Knobs::default();
    let _ = producer_consumer::cells::Knobs::default();
    let _ = coroutines::cells::Knobs::default();
    let _ = asyncio::cells::Knobs::default();
    let _ = distributed::cells::Knobs::default();
}
