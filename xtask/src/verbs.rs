//! What each verb does, once `main` has parsed its flags: each returns `Ok(false)` when it ran
//! but something it checked failed (exit 1), `Err` when it could not run.

use std::io::Read;
use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::Trace;
use interleaving::check::check_reader;
use interleaving::cli::UsageError;

use crate::demos::{self, DEMOS, Demo};
use crate::judge::Tally;
use crate::session::{Plan, progress, run_demo, save_failure};
use crate::table::{Row, details, render};
use crate::{compare, explore, mutate, paths, runner, say, timeline};

/// `demo-all`: build once, run every demo, print one table.
pub fn demo_all(plan: Plan) -> anyhow::Result<bool> {
    let available: Vec<&Demo> = DEMOS
        .iter()
        .filter(|d| demos::unavailable(d).is_none())
        .collect();
    let names: Vec<&str> = available.iter().map(|d| d.name).collect();
    paths::build_release(&names)?;
    let bar = progress((plan.runs * available.len()) as u64);
    let mut rows = Vec::new();
    let mut ok = true;
    for demo in DEMOS {
        if let Some(why) = demos::unavailable(demo) {
            rows.push(Row {
                demo: demo.name.into(),
                tally: Err(format!("skipped: {why}")),
            });
            continue;
        }
        bar.set_message(demo.name);
        let tally = run_demo(demo, &[], plan, &bar)?;
        ok &= tally.failed == 0;
        rows.push(Row {
            demo: demo.name.into(),
            tally: Ok(tally),
        });
    }
    bar.finish_and_clear();
    say(&render(&rows));
    for row in &rows {
        if let Ok(t) = &row.tally {
            report_failure(&row.demo, t);
        }
    }
    Ok(ok)
}

/// `check NAME --runs N [-- DEMO FLAGS]`: run one demo N times (with those flags), print each
/// property's tally.
pub fn check_runs(demo: &Demo, demo_args: &[String], plan: Plan) -> anyhow::Result<bool> {
    paths::build_release(&[demo.name])?;
    let bar = progress(plan.runs as u64);
    bar.set_message(demo.name);
    let tally = run_demo(demo, demo_args, plan, &bar)?;
    bar.finish_and_clear();
    say(&details(&tally));
    say("\n");
    report_failure(demo.name, &tally);
    let ok = tally.failed == 0;
    say(&render(&[Row {
        demo: demo.name.into(),
        tally: Ok(tally),
    }]));
    Ok(ok)
}

/// `compare [NAME]`: each demo and its Python reference, same properties.
pub fn compare_demos(only: Option<&Demo>, plan: Plan) -> anyhow::Result<bool> {
    let demos: Vec<&Demo> = match only {
        Some(d) => vec![d],
        None => DEMOS.iter().collect(),
    };
    let python = compare::python_available();
    if !python {
        say("python3 not found: running the Rust side only, the Python side is skipped\n");
    }
    let names: Vec<&str> = demos.iter().map(|d| d.name).collect();
    paths::build_release(&names)?;
    let mut ok = true;
    for demo in demos {
        let (report, held) = compare::compare(demo, plan, python)?;
        say(&report);
        ok &= held;
    }
    Ok(ok)
}

/// `timeline NAME`: one run (or a recorded trace) as an SVG.
pub fn draw_timeline(
    demo: &Demo,
    trace: Option<String>,
    cell: Option<String>,
    output: Option<std::path::PathBuf>,
    window: timeline::window::Window,
) -> anyhow::Result<bool> {
    if let (Some(from), Some(to)) = (window.from, window.to)
        && from > to
    {
        return Err(UsageError(format!("--from {from} is after --to {to}")).into());
    }
    let cell = pick_cell(demo, cell)?;
    let (text, title) = match &trace {
        Some(file) => (read_trace_text(file)?, format!("{}: {file}", demo.name)),
        None => {
            paths::build_release(&[demo.name])?;
            let mut cmd = std::process::Command::new(paths::release_bin(demo.name));
            cmd.arg("--trace");
            if let Some(c) = &cell {
                cmd.args(["--cell", c]);
            }
            let run = runner::run_once(&mut cmd, Duration::from_secs(60))
                .with_context(|| format!("running {}", demo.name))?;
            match run.ended {
                runner::Ended::Exited {
                    code: Some(0),
                    stdout,
                    ..
                } => {
                    let what = cell
                        .as_deref()
                        .map_or("every cell".into(), |c| format!("cell {c}"));
                    (stdout, format!("{}, {what}: one run", demo.name))
                }
                runner::Ended::Exited { code, stderr, .. } => {
                    bail!("{} failed ({code:?}): {stderr}", demo.name)
                }
                runner::Ended::Hung { .. } => bail!("{} hung for 60 s", demo.name),
            }
        }
    };
    let parsed = Trace::parse(&text).context("reading the trace")?;
    // What `check` refuses is no run to draw: an empty trace, another lesson's, two runs.
    let one_run = &interleaving::every_trace::verdicts(&parsed, &(demo.spec)())[0];
    if let interleaving::Outcome::Violated(v) = &one_run.outcome {
        bail!(
            "not a run of the {} lesson to draw: expected {}, got {}",
            demo.name,
            v.expected,
            v.got
        );
    }
    let (drawn, left_out) = timeline::window::cut(&parsed, window);
    let title = match &left_out {
        Some(_) => format!("{title} (a window: the rest is summed up on stdout)"),
        None => title,
    };
    let svg = timeline::render_svg(&drawn, &title)?;
    let path = output.unwrap_or_else(|| {
        paths::target_dir()
            .join("timeline")
            .join(format!("{}.svg", demo.name))
    });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&path, svg).with_context(|| format!("writing {}", path.display()))?;
    if let Some(note) = left_out {
        say(&format!("{note}\n"));
    }
    say(&format!("{}\n", path.display()));
    Ok(true)
}

/// The cell to run: `all` means every cell; none given means the demo's explore cell. A cell
/// the lesson does not have is a usage error (exit 2) that lists the valid ones.
fn pick_cell(demo: &Demo, cell: Option<String>) -> Result<Option<String>, UsageError> {
    match cell.as_deref() {
        Some("all") => Ok(None),
        Some(c) => {
            let cells = (demo.spec)().cells;
            let by_number = c
                .parse::<usize>()
                .ok()
                .and_then(|n| cells.get(n.checked_sub(1)?));
            if let Some(name) = by_number {
                Ok(Some(name.clone()))
            } else if cells.iter().any(|x| x == c) {
                Ok(Some(c.to_owned()))
            } else {
                Err(UsageError(format!(
                    "invalid value '{c}' for '--cell <NAME>': the {} lesson has cells all, {}",
                    demo.name,
                    cells.join(", ")
                )))
            }
        }
        None => Ok(demo.explore_cell.map(str::to_owned)),
    }
}

fn read_trace_text(file: &str) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading the trace from stdin")?;
    } else {
        bytes = std::fs::read(file).with_context(|| format!("reading {file}"))?;
    }
    // Not UTF-8: say on which line, as for any other malformed line.
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count();
            bail!("reading the trace {file}: line {line}: not a trace event: not UTF-8")
        }
    }
}

/// `explore NAME`: the distribution of one cell's interleavings.
pub fn explore_demo(demo: &Demo, cell: Option<String>, plan: Plan) -> anyhow::Result<bool> {
    let cell = pick_cell(demo, cell)?;
    paths::build_release(&[demo.name])?;
    let (report, ok) = explore::explore(demo, cell.as_deref(), plan)?;
    say(&report);
    Ok(ok)
}

fn report_failure(demo: &str, t: &Tally) {
    let Some((why, report, stdout)) = &t.first_failure else {
        return;
    };
    say(&format!("\n{demo}: first failing run: {why}\n"));
    if let Some(r) = report {
        say(&format!("{r}\n"));
    }
    if let Some(path) = save_failure(demo, stdout) {
        say(&format!(
            "its trace: {} (re-check it with `cargo xtask check {demo} --trace {}`)\n",
            path.display(),
            path.display()
        ));
    }
}

/// `check NAME --trace FILE|-`: judge a recorded trace.
///
/// The trace is checked as it is read, a line at a time, and never held: memory is what the
/// rules keep of a run in flight, not the trace's size (see `interleaving::fold`).
pub fn check_recorded(demo: &Demo, file: &str) -> anyhow::Result<bool> {
    let (spec, properties) = ((demo.spec)(), (demo.properties)());
    let checked = if file == "-" {
        check_reader(std::io::stdin().lock(), &spec, &properties)
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("reading {file}"))?;
        check_reader(
            std::io::BufReader::with_capacity(1 << 16, f),
            &spec,
            &properties,
        )
    };
    let report = checked.with_context(|| format!("reading the trace {file}"))?;
    say(&recorded_report(demo.name, &report));
    Ok(report.is_ok())
}

/// A recorded trace's verdicts, then one summary line. The properties of cells the trace
/// does not hold (a run of one cell) are counted there, not listed one line each.
fn recorded_report(demo: &str, report: &interleaving::Report) -> String {
    let mut out: String = report
        .verdicts
        .iter()
        .filter(|v| !matches!(v.outcome, interleaving::Outcome::NotRun))
        .map(|v| format!("{v}\n"))
        .collect();
    let (held, total) = report.held();
    let violated = total - held;
    let mut absent: Vec<&str> = Vec::new();
    for cell in report.not_run().filter_map(|v| v.cell.as_deref()) {
        if !absent.contains(&cell) {
            absent.push(cell);
        }
    }
    out.push_str(&format!(
        "{demo}: {held} of {total} properties held, {violated} violated, {} not run",
        report.not_run().count()
    ));
    if !absent.is_empty() {
        out.push_str(&format!(
            " (their cells are not in the trace: {})",
            absent.join(", ")
        ));
    }
    out.push('\n');
    out
}

/// `mutate [NAME] [--per N]`: must-fail variants of each demo's real run, all to be caught.
pub fn mutate_demos(only: Option<&'static Demo>, per: usize) -> anyhow::Result<bool> {
    let demos: Vec<&'static Demo> = match only {
        Some(d) => vec![d],
        None => DEMOS.iter().collect(),
    };
    let names: Vec<&str> = demos.iter().map(|d| d.name).collect();
    paths::build_release(&names)?;
    let bar = progress(demos.len() as u64);
    let mut outcomes = Vec::new();
    for demo in demos {
        bar.set_message(demo.name);
        outcomes.push(mutate::mutate(demo, per, Duration::from_secs(60))?);
        bar.inc(1);
    }
    bar.finish_and_clear();
    say(&mutate::render(&outcomes));
    Ok(outcomes.iter().all(|o| o.missed.is_none()))
}
