//! Running one demo many times, in parallel across cores, each run judged, all tallied.

use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::demos::Demo;
use crate::judge::{Against, Tally, judge};
use crate::paths;
use crate::runner::run_once;

/// How to run a demo.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// How many runs.
    pub runs: usize,
    /// How many at once.
    pub jobs: usize,
    /// The per-run deadline.
    pub timeout: Duration,
    /// Ask the emitter for small random pauses at each event (see `interleaving::emit`).
    pub jitter: bool,
    /// Whether every cell must be in each trace (false when running one cell).
    pub all_cells: bool,
}

/// Runs the demo's release binary `plan.runs` times with `--trace` (and `extra` flags) and
/// tallies the verdicts.
pub fn run_demo(
    demo: &Demo,
    extra: &[String],
    plan: Plan,
    bar: &ProgressBar,
) -> anyhow::Result<Tally> {
    let bin = paths::release_bin(demo.name);
    anyhow::ensure!(
        bin.exists(),
        "{} is not built (expected {})",
        demo.name,
        bin.display()
    );
    let make = || {
        let mut cmd = Command::new(&bin);
        cmd.arg("--trace").args(extra);
        cmd
    };
    let plan = Plan {
        all_cells: plan.all_cells && !extra.iter().any(|a| a == "--cell"),
        ..plan
    };
    let (spec, properties) = ((demo.spec)(), (demo.properties)());
    run_many(
        &make,
        Against {
            spec: &spec,
            properties: &properties,
        },
        plan,
        bar,
    )
}

/// Runs the commands `make` builds, `plan.runs` times, `plan.jobs` at once, and judges each
/// run's stdout as a trace against the lesson's rules and properties.
pub fn run_many(
    make: &(dyn Fn() -> Command + Sync),
    against: Against,
    plan: Plan,
    bar: &ProgressBar,
) -> anyhow::Result<Tally> {
    let next = AtomicUsize::new(0);
    let tally = Mutex::new(Tally::default());
    let error = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..plan.jobs.max(1) {
            s.spawn(|| {
                while next.fetch_add(1, Ordering::Relaxed) < plan.runs {
                    let mut cmd = make();
                    if plan.jitter {
                        cmd.env(interleaving::emit::JITTER_ENV, "1");
                    }
                    let program = cmd.get_program().to_string_lossy().into_owned();
                    match run_once(&mut cmd, plan.timeout)
                        .with_context(|| format!("starting {program}"))
                    {
                        Ok(run) => {
                            let judged = judge(run, against, plan.timeout, plan.all_cells);
                            tally.lock().unwrap_or_else(|e| e.into_inner()).add(judged);
                        }
                        Err(e) => {
                            error
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get_or_insert(e);
                            return;
                        }
                    }
                    bar.inc(1);
                }
            });
        }
    });
    if let Some(e) = error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    Ok(tally.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// A progress bar on stderr; indicatif draws nothing when stderr is not a terminal.
pub fn progress(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:<18} [{bar:30}] {pos}/{len} runs {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// Saves a failing run's output where `xtask check NAME --trace FILE` can read it again.
pub fn save_failure(demo: &str, stdout: &str) -> Option<std::path::PathBuf> {
    let dir = paths::target_dir().join("xtask").join("failures");
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("{demo}.jsonl"));
    std::fs::write(&path, stdout).ok()?;
    Some(path)
}
