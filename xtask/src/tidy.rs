//! The repo checks itself (rust-analyzer's `tidy.rs`): plain `cargo test` fails when an
//! invariant of the workspace breaks.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::demos::DEMOS;
use crate::paths::root;

/// Crates that are not demos.
const NOT_DEMOS: &[&str] = &["interleaving", "xtask"];

fn members() -> Vec<String> {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let start = manifest.find("members = [").expect("a members list");
    let list = &manifest[start..];
    let list = &list[..list.find(']').expect("the members list ends")];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
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
