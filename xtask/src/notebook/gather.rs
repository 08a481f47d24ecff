//! Everything a lesson's page shows, from real runs: each cell run N times on its own
//! (`--cell NAME --trace`, judged by `session::run_many` against the lesson's properties and
//! the ones its cell breaks on purpose), one more run of it kept whole for its output and
//! timeline, and the Python reference run N times as `compare` runs it.

use std::process::Command;

use indicatif::ProgressBar;
use interleaving::{LessonSpec, Property, Trace};

use super::listing::{self, Listed};
use super::on_purpose::{self, OnPurpose};
use crate::compare;
use crate::demos::Demo;
use crate::judge::{Against, Tally};
use crate::paths;
use crate::runner::{Ended, run_once};
use crate::session::{Plan, run_many};

/// One cell's runs.
pub struct CellRuns {
    /// The cell as the lesson lists it.
    pub listed: Listed,
    /// Its N runs, tallied.
    pub tally: Tally,
    /// One more run's trace, for its output and timeline (or why there is none).
    pub one: Result<Trace, String>,
    /// What this cell breaks on purpose.
    pub on_purpose: Vec<&'static OnPurpose>,
}

/// The Python side of a lesson.
pub struct Python {
    /// The reference script's file name and text, if the lesson has one.
    pub script: Option<(String, String)>,
    /// Its N runs, or why there are none.
    pub runs: Result<Tally, &'static str>,
}

/// A lesson's runs.
pub struct LessonRuns {
    /// The demo.
    pub demo: &'static Demo,
    /// Its lesson spec (for re-checking a failing run).
    pub spec: LessonSpec,
    /// Its cells, in order.
    pub cells: Vec<CellRuns>,
    /// Python's side.
    pub python: Python,
}

/// The properties a cell's runs are judged by: the lesson's own and those its cell breaks on
/// purpose.
pub fn properties(demo: &Demo, cell: &str) -> Vec<Property> {
    let mut props = (demo.properties)();
    props.extend(
        on_purpose::in_cell(demo.name, cell)
            .iter()
            .map(|o| (o.property)()),
    );
    props
}

/// Runs every cell of `demo` (its release binary must be built) and its Python reference.
pub fn lesson(
    demo: &'static Demo,
    plan: Plan,
    python: bool,
    bar: &ProgressBar,
) -> anyhow::Result<LessonRuns> {
    let spec = (demo.spec)();
    let bin = paths::release_bin(demo.name);
    let mut cells = Vec::new();
    for listed in listing::cells(demo.name)? {
        bar.set_message(format!("{} {}", demo.name, listed.name));
        let make = || {
            let mut cmd = Command::new(&bin);
            cmd.args(["--trace", "--cell", &listed.name]);
            cmd
        };
        let props = properties(demo, &listed.name);
        let plan = Plan {
            all_cells: false,
            ..plan
        };
        let against = Against {
            spec: &spec,
            properties: &props,
        };
        bar.inc_length(plan.runs as u64);
        let tally = run_many(&make, against, plan, bar)?;
        let one = one_run(&mut make(), plan);
        cells.push(CellRuns {
            on_purpose: on_purpose::in_cell(demo.name, &listed.name),
            listed,
            tally,
            one,
        });
    }
    let path = compare::script(demo);
    let script = path.as_ref().map(|p| {
        let file = p.file_name().map(|f| f.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(p).unwrap_or_default();
        (file.unwrap_or_default(), text)
    });
    let runs = match (&path, python) {
        (None, _) => Err("no reference script in reference/python/"),
        (Some(_), false) => Err("skipped: no python3 here"),
        (Some(path), true) => {
            bar.set_message(format!("{} (Python)", demo.name));
            let make = || compare::python_command(path);
            let props = (demo.properties)();
            let against = Against {
                spec: &spec,
                properties: &props,
            };
            let plan = Plan {
                all_cells: false,
                ..plan
            };
            bar.inc_length(plan.runs as u64);
            Ok(run_many(&make, against, plan, bar)?)
        }
    };
    let python = Python { script, runs };
    Ok(LessonRuns {
        demo,
        spec,
        cells,
        python,
    })
}

/// One run's trace, or why it gave none.
fn one_run(cmd: &mut Command, plan: Plan) -> Result<Trace, String> {
    let run = run_once(cmd, plan.timeout).map_err(|e| format!("could not start: {e}"))?;
    match run.ended {
        Ended::Exited { stdout, .. } => Trace::parse(&stdout).map_err(|e| e.to_string()),
        Ended::Hung { .. } => Err(format!(
            "hung: still running after {} s",
            plan.timeout.as_secs()
        )),
    }
}
