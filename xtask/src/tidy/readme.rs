//! The README's notebook index stays true: every cell that replays a notebook cell has its
//! row (the notebook's `In [N]`, the cell's name, its file), and every file it links exists.

use std::fs;

use crate::paths::root;

/// `(lesson, cell, notebook)` for every cell of every lesson.
fn cells() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut all = Vec::new();
    macro_rules! add {
        ($($lesson:path),*) => {$(
            let lesson = $lesson;
            all.extend(lesson.cells.iter().map(|c| (lesson.name, c.name, c.notebook)));
        )*};
    }
    add!(
        multiprocessing::cells::LESSON,
        threading::cells::LESSON,
        producer_consumer::cells::LESSON,
        coroutines::cells::LESSON,
        asyncio::cells::LESSON,
        distributed::cells::LESSON
    );
    all
}

/// The rows of the README's "The notebook, cell by cell" table.
fn index_rows() -> Vec<String> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("## The notebook, cell by cell")
        .expect("README.md has a `## The notebook, cell by cell` section");
    let section = &readme[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    section[..end]
        .lines()
        .filter(|l| l.starts_with("| In [") || l.starts_with("| `"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_notebook_index_comes_first() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let first = readme.find("\n## ").expect("sections");
    assert!(
        readme[first..].starts_with("\n## The notebook, cell by cell"),
        "SPEC section 7: the notebook-cell index is the README's first section"
    );
}

#[test]
fn every_notebook_cell_has_its_row_with_name_and_file() {
    let rows = index_rows();
    let mut missing = Vec::new();
    for (lesson, cell, notebook) in cells() {
        if notebook == "new" {
            continue;
        }
        let file = interleaving::lesson::cell_file(lesson, cell);
        let found = rows.iter().any(|r| {
            r.starts_with(&format!("| {notebook} |"))
                && r.contains(&format!("{lesson} `{cell}`"))
                && r.contains(&format!("]({file})"))
        });
        if !found {
            missing.push(format!(
                "| {notebook} | ... | {lesson} `{cell}`: [{file}]({file}) |"
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "README.md's notebook index lacks these rows (or their notebook cell changed):\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_file_the_index_links_exists() {
    let mut broken = Vec::new();
    for row in index_rows() {
        for link in row.split("](").skip(1) {
            let path = &link[..link.find(')').expect("a link ends")];
            if !root().join(path).exists() {
                broken.push(path.to_owned());
            }
        }
    }
    assert!(
        broken.is_empty(),
        "the notebook index links to no such file: {broken:?}"
    );
}

/// The README's minimum Rust is the workspace's `rust-version`, and clippy's
/// `incompatible_msrv` (an API newer than it) is an error, so the claim stays true.
#[test]
fn the_readme_states_the_rust_version_clippy_enforces() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("[workspace.package] rust-version");
    assert!(
        manifest.contains("incompatible_msrv = \"deny\""),
        "[workspace.lints.clippy] must deny incompatible_msrv"
    );
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("({version} or newer")),
        "README.md must say the toolchain is {version} or newer"
    );
}
