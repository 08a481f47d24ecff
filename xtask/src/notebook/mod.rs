//! `cargo xtask notebook [LESSON] [-o DIR] [--runs N] [--open]`: the lab notebook, a static
//! site with an index and one page per lesson, built from real runs. Nothing here runs or
//! checks a demo in a way of its own: runs go through `session::run_many`, verdicts through
//! `judge` and `interleaving::check_lesson`, timelines through `timeline`, intervals through
//! `intervals`, the Python through `compare`'s command.
//!
//! The parts, in the order a page is made: `listing` (a lesson's cells, from `--list`),
//! `gather` (the runs), `on_purpose` (the cells broken on purpose, and what they break),
//! `python_source` (the Python a cell mirrors), `highlight` (syntect), `verdicts`, `seen`
//! (interleavings), `queue_ops` (operations as intervals), `bench_row` (the last bench
//! report's rows), `page` and `index` (HTML), `assets` (CSS and the optional script), `html`
//! (escaping).

mod assets;
mod bench_row;
mod gather;
mod highlight;
mod html;
mod index;
mod listing;
mod on_purpose;
mod page;
mod python_source;
mod queue_ops;
mod seen;
mod verdicts;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use crate::demos::{self, DEMOS, Demo};
use crate::session::{Plan, progress};
use crate::{compare, paths, say};

/// Builds the site for `only` (or every lesson) into `out` (default `target/notebook/`);
/// `Ok(false)` if a property a cell must keep failed in some run.
pub fn build(
    only: Option<&'static Demo>,
    out: Option<PathBuf>,
    plan: Plan,
    open: bool,
) -> anyhow::Result<bool> {
    let out = out.unwrap_or_else(|| paths::target_dir().join("notebook"));
    let lessons: Vec<&'static Demo> = match only {
        Some(d) => vec![d],
        None => DEMOS.iter().collect(),
    };
    let built: Vec<&'static Demo> = lessons
        .iter()
        .copied()
        .filter(|d| demos::unavailable(d).is_none())
        .collect();
    let names: Vec<&str> = built.iter().map(|d| d.name).collect();
    paths::build_release(&names)?;
    let python = compare::python_available();
    let hl = highlight::Highlighter::new()?;
    let bench = bench_row::last_report();
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;

    let bar = progress(0);
    let mut entries = Vec::new();
    let mut ok = true;
    for demo in &lessons {
        if let Some(why) = demos::unavailable(demo) {
            entries.push(index::Entry {
                name: demo.name,
                status: Err(why),
            });
            continue;
        }
        let runs = gather::lesson(demo, plan, python, &bar)?;
        let at = names.iter().position(|n| *n == demo.name);
        let prev = at.and_then(|i| i.checked_sub(1)).map(|i| names[i]);
        let next = at.and_then(|i| names.get(i + 1)).copied();
        let page = page::render(&runs, &hl, bench.as_ref(), (prev, next))?;
        ok &= page.ok;
        for (file, svg) in &page.files {
            write(&out.join(file), svg)?;
        }
        write(&out.join(format!("{}.html", demo.name)), &page.html)?;
        let failing = runs.cells.iter().filter(|c| !verdicts::cell_ok(c)).count();
        let status = if failing == 0 {
            format!(
                "{} cells, every property each must keep held in {} runs of each",
                runs.cells.len(),
                plan.runs
            )
        } else {
            format!(
                "{failing} of {} cells had a property fail in {} runs of each",
                runs.cells.len(),
                plan.runs
            )
        };
        entries.push(index::Entry {
            name: demo.name,
            status: Ok(status),
        });
    }
    bar.finish_and_clear();
    write(&out.join("notebook.css"), assets::CSS)?;
    write(&out.join("notebook.js"), assets::JS)?;
    let index = out.join("index.html");
    write(&index, &index::render(&entries, plan.runs))?;
    for e in &entries {
        match &e.status {
            Ok(s) => say(&format!("{:<18} {s}\n", e.name)),
            Err(why) => say(&format!("{:<18} skipped: {why}\n", e.name)),
        }
    }
    say(&format!("{}\n", index.display()));
    if open {
        open_in_browser(&index);
    }
    Ok(ok)
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Opens the index with the desktop's browser; says so when there is none (the site is
/// written either way).
fn open_in_browser(index: &Path) {
    let opened = Command::new("xdg-open")
        .arg(index)
        .status()
        .is_ok_and(|s| s.success());
    if !opened {
        say(&format!(
            "could not open a browser (xdg-open failed): open {} yourself\n",
            index.display()
        ));
    }
}
