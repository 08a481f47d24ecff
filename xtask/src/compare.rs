//! `cargo xtask compare [NAME]`: the Rust demo and the notebook's Python (reference/python/),
//! run the same number of times and judged by the SAME properties, side by side.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::Command;

use interleaving::Trace;

use crate::demos::Demo;
use crate::judge::{Against, Tally};
use crate::paths;
use crate::runner::{Ended, run_once};
use crate::session::{Plan, progress, run_demo, run_many};
use crate::table::human;

/// Where Rust and Python are expected to differ, and why: (demo, property, why).
const WHY: &[(&str, &str, &str)] = &[
    (
        "threading",
        "torn-lines",
        "Python's print writes \"Hello\" and \"\\n\" separately, so even main's line can tear; \
         Rust's main prints its line in one write, and its threads start later relative to it",
    ),
    (
        "producer-consumer",
        "torn-lines",
        "both print \"Published i\" in four writes; Python's threads switch every few bytecodes \
         under the GIL, Rust's run in parallel, so they tear different lines at different rates",
    ),
    (
        "multiprocessing",
        "where-hello-fell [start-hello]",
        "Python's fork start() costs about 2 ms (pipes, sentinels, a finalizer), so the first \
         children print while main is still starting the others; Rust's Process::start is about \
         0.1 ms, so main's \"Hello\" usually comes first",
    ),
    (
        "multiprocessing",
        "where-hello-fell [spawn]",
        "a spawned Python child starts a fresh interpreter and re-imports the script (tens of ms), \
         so \"Hello\" always wins; a spawned Rust child is the same binary exec'd, running in \
         about a millisecond, often before the parent has started the rest",
    ),
    (
        "threading",
        "where-the-first-hello-fell",
        "CPython's Thread.start() waits until the new thread is running, and a print that \
         short often ends before main gets the GIL back, so \"Hello\" tends to come after the \
         threads' lines; Rust's spawn returns at once while the thread is still being set up \
         (tens of microseconds), so main's \"Hello\" usually comes first",
    ),
    (
        "distributed",
        "items-per-worker",
        "a Python worker is a spawned interpreter importing redis-py (about 100 ms), so the first \
         one up takes most of the items before the others can read; a Rust worker is the same \
         binary exec'd, up in a millisecond or two, and the group spreads the items evenly",
    ),
    (
        "distributed",
        "reply-arrival-order",
        "Rust's three workers are all reading when the items arrive, so the shorter later tasks \
         reply first (2, 1, 0...); Python's workers come up one by one, so the first items are \
         done before the next worker can take one and the replies come mostly in input order",
    ),
];

/// The Python reference script of a demo, if there is one.
pub fn script(demo: &Demo) -> Option<PathBuf> {
    let path = paths::root()
        .join("reference/python")
        .join(format!("py_{}.py", demo.name.replace('-', "_")));
    path.exists().then_some(path)
}

/// What one run of the Python reference, before the others, found out.
#[derive(Debug, PartialEq)]
enum Probe {
    /// The cells its trace covers.
    Cells(Vec<String>),
    /// It could not even start: why, from its stderr.
    CannotStart(Why),
}

/// Why the Python side cannot start: its last line on stderr (Python's exception), or what
/// it did instead of printing a trace.
#[derive(Debug, PartialEq)]
struct Why(String);

impl Why {
    /// A package the reference imports is not installed: the machine's lack, like a missing
    /// `python3`, not the reference's failure.
    fn is_missing_package(&self) -> bool {
        self.0.starts_with("ModuleNotFoundError") || self.0.starts_with("ImportError")
    }

    /// The line the report shows in place of the Python side's figures.
    fn line(&self) -> String {
        if self.is_missing_package() {
            format!(
                "skipped, it cannot start: {} (pip install -r reference/python/requirements.txt)",
                self.0
            )
        } else {
            format!("FAILED, it cannot start: {}", self.0)
        }
    }
}

/// Runs the Python reference once: the cells it covers, or why it cannot start (it ended
/// without a trace of a single cell).
fn probe(cmd: &mut Command, timeout: std::time::Duration) -> anyhow::Result<Probe> {
    let run = run_once(cmd, timeout)?;
    let (stdout, why) = match run.ended {
        Ended::Exited {
            code,
            stdout,
            stderr,
        } => {
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
            let why = match (last, code) {
                (Some(l), _) => l.trim().to_owned(),
                (None, Some(c)) => format!("it exited with {c} and said nothing"),
                (None, None) => "it was killed by a signal".to_owned(),
            };
            (stdout, why)
        }
        Ended::Hung { stdout } => (stdout, format!("it did not end within {timeout:?}")),
    };
    let cells: Vec<String> = Trace::parse(&stdout)
        .map(|t| {
            t.cells()
                .iter()
                .map(|(c, _)| c.to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Ok(if cells.is_empty() {
        Probe::CannotStart(Why(why))
    } else {
        Probe::Cells(cells)
    })
}

/// The reference script at `path` run for a trace: unbuffered, from the workspace root.
pub fn python_command(path: &std::path::Path) -> Command {
    let mut cmd = Command::new("python3");
    cmd.current_dir(paths::root())
        .arg("-u")
        .arg(path)
        .arg("--trace");
    cmd
}

/// Whether `python3` can be run here.
pub fn python_available() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Compares one demo; returns the report and whether every property held in Rust and, where
/// the reference covers it, in Python.
pub fn compare(demo: &Demo, plan: Plan, python: bool) -> anyhow::Result<(String, bool)> {
    let mut s = String::new();
    let script = script(demo);
    let python_cmd = |path: &PathBuf| python_command(path);
    // Run the Rust side on the cells the Python covers, so both sides do the same work.
    let mut cells: Vec<String> = Vec::new();
    let mut cannot_start = None;
    if let (true, Some(path)) = (python, &script) {
        match probe(&mut python_cmd(path), plan.timeout)? {
            Probe::Cells(c) => cells = c,
            Probe::CannotStart(why) => cannot_start = Some(why),
        }
    }
    let extra: Vec<String> = match cells.as_slice() {
        [one] => vec!["--cell".into(), one.clone()],
        _ => Vec::new(),
    };
    let runs_python = python && script.is_some() && cannot_start.is_none();
    let bar = progress(plan.runs as u64 * if runs_python { 2 } else { 1 });
    bar.set_message(demo.name);
    let rust = run_demo(demo, &extra, plan, &bar)?;
    let py = match (&script, runs_python) {
        (Some(path), true) => {
            let make = || python_cmd(path);
            // The reference covers only the notebook's cells: the others are "not run" there.
            let plan = Plan {
                all_cells: false,
                ..plan
            };
            let (spec, properties) = ((demo.spec)(), (demo.properties)());
            let against = Against {
                spec: &spec,
                properties: &properties,
            };
            Some(run_many(&make, against, plan, &bar)?)
        }
        _ => None,
    };
    bar.finish_and_clear();

    let what = match extra.get(1) {
        Some(c) => format!("cell {c}"),
        None => "every cell".into(),
    };
    let _ = writeln!(s, "\n{} ({what})", demo.name);
    let side = |t: &Tally| {
        format!(
            "{} runs, {} failed, {} distinct interleavings, median {}",
            t.runs,
            t.failed,
            t.interleavings.len(),
            t.median().map_or("-".into(), human)
        )
    };
    let _ = writeln!(s, "  Rust:   {}", side(&rust));
    let mut ok = rust.failed == 0;
    match (&py, &script, &cannot_start) {
        (Some(p), _, _) => {
            let _ = writeln!(s, "  Python: {}", side(p));
        }
        (None, None, _) => {
            let _ = writeln!(s, "  Python: no reference script yet (reference/python/)");
        }
        (None, Some(_), Some(why)) => {
            let _ = writeln!(s, "  Python: {}", why.line());
            ok &= why.is_missing_package();
        }
        (None, Some(_), None) => {
            let _ = writeln!(s, "  Python: skipped (no python3 here)");
        }
    }
    let _ = writeln!(
        s,
        "  {:<46} {:<16} {:<16}",
        "property", "held in Rust", "held in Python"
    );
    for (name, (held, n)) in &rust.held {
        let py_cell = match py.as_ref().and_then(|p| p.held.get(name)) {
            Some((h, pn)) if *pn > 0 => {
                ok &= h == pn;
                format!("{h}/{pn}")
            }
            _ if py.is_some() => "n/a (not in the reference)".into(),
            _ => "-".into(),
        };
        let _ = writeln!(
            s,
            "  {name:<46} {:<16} {py_cell:<16}",
            format!("{held}/{n}")
        );
    }
    for (name, values) in &rust.observed {
        let theirs = py.as_ref().and_then(|p| p.observed.get(name));
        let _ = writeln!(s, "  {name:<46} Rust: {}", summary(values, rust.runs));
        if let Some(t) = theirs {
            let _ = writeln!(
                s,
                "  {:<46} Python: {}",
                "",
                summary(t, py.as_ref().map_or(1, |p| p.runs))
            );
            let py_runs = py.as_ref().map_or(1, |p| p.runs);
            if measured(values, rust.runs) || measured(t, py_runs) {
                let _ = writeln!(s, "  {:<46} (a measurement: varies run to run)", "");
            } else if overlap(values, rust.runs, t, py_runs) < 0.5 {
                let base = name.split(" [").next().unwrap_or(name);
                let why = WHY
                    .iter()
                    .find(|(d, p, _)| *d == demo.name && (*p == name || *p == base))
                    .map_or("(no explanation recorded yet)", |(_, _, w)| w);
                let _ = writeln!(s, "  {:<46} differs: {why}", "");
            }
        }
    }
    Ok((s, ok))
}

fn summary(values: &BTreeMap<String, usize>, runs: usize) -> String {
    let mut v: Vec<(&String, &usize)> = values.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = v
        .iter()
        .take(3)
        .map(|(k, c)| format!("{k} {:.0}%", 100.0 * **c as f64 / runs.max(1) as f64))
        .collect();
    shown.join(", ")
}

/// An observation that is a measurement: most runs saw a value no other run saw.
fn measured(values: &BTreeMap<String, usize>, runs: usize) -> bool {
    runs >= 4 && values.len() * 2 > runs
}

/// How much two distributions share: the sum over values of the smaller of the two shares
/// (1 = the same distribution, 0 = no value in common).
fn overlap(a: &BTreeMap<String, usize>, na: usize, b: &BTreeMap<String, usize>, nb: usize) -> f64 {
    a.iter()
        .map(|(k, ca)| {
            let pa = *ca as f64 / na.max(1) as f64;
            let pb = b.get(k).map_or(0.0, |cb| *cb as f64 / nb.max(1) as f64);
            pa.min(pb)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    /// A Python side that cannot import its packages says so, once, with the fix; one that
    /// crashes for another reason is a failure, saying why.
    #[test]
    fn a_python_side_that_cannot_start_says_why() {
        if !python_available() {
            return;
        }
        let mut cmd = Command::new("python3");
        cmd.args(["-c", "import no_such_module_for_compare"]);
        let got = probe(&mut cmd, std::time::Duration::from_secs(60)).unwrap();
        let Probe::CannotStart(why) = got else {
            panic!("{got:?}");
        };
        assert!(why.is_missing_package(), "{why:?}");
        let line = why.line();
        assert!(
            line.contains("No module named 'no_such_module_for_compare'")
                && line.contains("requirements.txt"),
            "{line}"
        );
        let mut cmd = Command::new("python3");
        cmd.args(["-c", "raise SystemExit('the server is gone')"]);
        let got = probe(&mut cmd, std::time::Duration::from_secs(60)).unwrap();
        assert_eq!(got, Probe::CannotStart(Why("the server is gone".into())));
        assert!(!Why("the server is gone".into()).is_missing_package());
    }

    #[test]
    fn a_python_side_that_prints_its_cells_is_run() {
        if !python_available() {
            return;
        }
        let trace = concat!(
            r#"{"seq":0,"t_ns":1,"pid":1,"actor":"lesson","kind":"lesson","value":"demo"}"#,
            "\n",
            r#"{"seq":1,"t_ns":2,"pid":1,"actor":"lesson","kind":"cell","value":"only"}"#,
        );
        let mut cmd = Command::new("python3");
        cmd.env("TRACE", trace)
            .args(["-c", "import os; print(os.environ['TRACE'])"]);
        let got = probe(&mut cmd, std::time::Duration::from_secs(60)).unwrap();
        assert_eq!(got, Probe::Cells(vec!["only".into()]));
    }

    #[test]
    fn overlap_is_one_for_the_same_shares_and_zero_for_none_in_common() {
        let a = dist(&[("x", 5), ("y", 5)]);
        assert!((overlap(&a, 10, &dist(&[("x", 1), ("y", 1)]), 2) - 1.0).abs() < 1e-9);
        assert_eq!(overlap(&a, 10, &dist(&[("z", 3)]), 3), 0.0);
    }

    #[test]
    fn a_value_per_run_is_a_measurement() {
        assert!(measured(
            &dist(&[("1 ms", 1), ("2 ms", 1), ("3 ms", 1), ("4 ms", 1)]),
            4
        ));
        assert!(!measured(
            &dist(&[("after 0 of 2", 3), ("after 1 of 2", 1)]),
            4
        ));
    }
}
