//! The dependency lists check themselves: a crate that lists a dependency its sources never
//! name fails `cargo test`, and so does a `[workspace.dependencies]` entry no crate lists.
//! (An unused dependency costs every build its compile time and every reader a false lead.)
#![cfg(test)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::paths::root;

/// The dependency names a manifest lists, per section: `[dependencies]`, `[dev-dependencies]`,
/// `[build-dependencies]`, their `[target.'cfg(..)'.*]` forms, or `[workspace.dependencies]`.
fn listed(manifest: &str, workspace: bool) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_deps = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            let section = line.trim_matches(['[', ']']);
            in_deps = if workspace {
                section == "workspace.dependencies"
            } else {
                !section.starts_with("workspace")
                    && (section.ends_with("dependencies") || section.ends_with("dependencies'"))
            };
            continue;
        }
        if !in_deps || line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `name.workspace = true`, `name = "1"` or `name = { ... }`.
        let name = line.split(['.', '=', ' ']).next().unwrap_or_default();
        if !name.is_empty() {
            names.insert(name.to_owned());
        }
    }
    names
}

/// Every `.rs` file under `dir`, read (src, tests, benches, examples, build.rs).
fn sources(dir: &Path, out: &mut String) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && let Ok(text) = fs::read_to_string(&path)
        {
            out.push_str(&text);
            out.push('\n');
        }
    }
}

/// Whether `code` names the crate `dep` (Cargo's `my-crate` is `my_crate` in Rust) as a path
/// (`dep::x`, `#[dep::test]`) or in a `use`/`extern crate`, not merely as part of a longer name.
fn names(code: &str, dep: &str) -> bool {
    let ident = dep.replace('-', "_");
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    for (at, _) in code.match_indices(ident.as_str()) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(is_ident) {
            continue;
        }
        let after = &code[at + ident.len()..];
        let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = code[line_start..at].trim_start();
        if line.starts_with("//") {
            continue; // a comment mentioning it does not use it
        }
        if after.starts_with("::")
            || ((line.ends_with("use ") || line.ends_with("extern crate "))
                && after.starts_with([';', ' ', ':']))
        {
            return true;
        }
    }
    false
}

/// The members' directories, from the root manifest's `members = [...]`.
pub(crate) fn members(root_manifest: &str) -> Vec<String> {
    let start = root_manifest.find("members = [").expect("a members list");
    let list = &root_manifest[start..];
    let list = &list[..list.find(']').expect("the members list ends")];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// What each member lists but never names: `crate: dep` lines.
fn unused(root: &Path) -> Vec<String> {
    let root_manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut found = Vec::new();
    let mut listed_anywhere = BTreeSet::new();
    for member in members(&root_manifest) {
        let dir = root.join(&member);
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let mut code = String::new();
        // `exercises/` keeps its binaries in exercises/, solutions/ and wrong/.
        for sub in [
            "src",
            "tests",
            "benches",
            "examples",
            "exercises",
            "solutions",
            "wrong",
        ] {
            sources(&dir.join(sub), &mut code);
        }
        if let Ok(build) = fs::read_to_string(dir.join("build.rs")) {
            code.push_str(&build);
        }
        for dep in listed(&manifest, false) {
            // A crate's dev-dependency on itself (to turn on a feature) is not a use of another.
            if dep != member && !names(&code, &dep) {
                found.push(format!("{member}: {dep}"));
            }
            listed_anywhere.insert(dep);
        }
        listed_anywhere.insert(member);
    }
    for dep in listed(&root_manifest, true) {
        if !listed_anywhere.contains(&dep) {
            found.push(format!("[workspace.dependencies]: {dep}"));
        }
    }
    found
}

#[test]
fn every_listed_dependency_is_named_in_its_crates_sources() {
    let unused = unused(&root());
    assert!(
        unused.is_empty(),
        "dependencies listed but never named in the crate's sources (remove them):\n{}",
        unused.join("\n")
    );
}

#[test]
fn the_check_sees_a_dependency_named_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let w = |p: &str, text: &str| {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    w(
        "Cargo.toml",
        "[workspace]\nmembers = [\"a\"]\n\n[workspace.dependencies]\nserde = \"1\"\n\
         serde_json = \"1\"\nwait-timeout = \"0.2\"\nlibc = \"0.2\"\n",
    );
    w(
        "a/Cargo.toml",
        "[package]\nname = \"a\"\n\n[dependencies]\nserde.workspace = true\n\
         wait-timeout = { workspace = true }\n\n[target.'cfg(loom)'.dependencies]\n\
         serde_json.workspace = true\n",
    );
    w(
        "a/src/lib.rs",
        "//! serde_json:: in a comment is no use\nuse serde::Serialize;\n\
         fn f() { wait_timeout::ChildExt::wait_timeout; }\nfn g() { my_serde_json::x(); }\n",
    );
    assert_eq!(
        unused(dir.path()),
        ["a: serde_json", "[workspace.dependencies]: libc"]
    );
}
