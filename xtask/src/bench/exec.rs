//! Measuring one benchmark at a time, so the two sides of a ratio can take turns: the crates'
//! criterion bench executables (built once, then run directly with `--exact ID`) and
//! `reference/python/bench.py --only KEY`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::bench::{Estimate, PyFigure, read_criterion};
use crate::paths;

/// How long each measurement is, and how many pairs make a ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Short measurements, 6 pairs: the whole report in under 3 minutes once built. With 4,
    /// chance alone put one figure in 35 apart from the previous run's (see
    /// `history::chance_apart`); with 6, one in 462.
    Quick,
    /// The default.
    Default,
    /// Long measurements, many pairs.
    Precise,
}

impl Mode {
    /// How many A-B pairs each ratio is made of.
    pub fn pairs(self) -> usize {
        match self {
            Mode::Quick => 6,
            Mode::Default => 7,
            Mode::Precise => 15,
        }
    }

    /// Criterion's flags for one measurement.
    fn criterion_args(self) -> &'static [&'static str] {
        match self {
            // Criterion's own quick mode: no warm-up, the iteration count doubled until two
            // samples agree within 5 % (at least 100 ms) or the group's measurement time is
            // spent, so a benchmark whose one iteration takes a second runs 3 iterations, not
            // the 10 samples and a warm-up of a normal run (the linearizability check went from
            // 9.2 to 1.7 CPU seconds). The ratio's spread still comes from the pairs.
            Mode::Quick => &[
                "--quick",
                "--measurement-time",
                "0.3",
                "--nresamples",
                "1000",
            ],
            Mode::Default => &[
                "--warm-up-time",
                "0.3",
                "--measurement-time",
                "1",
                "--sample-size",
                "20",
                "--nresamples",
                "10000",
            ],
            Mode::Precise => &["--warm-up-time", "1", "--measurement-time", "3"],
        }
    }

    /// The flag bench.py takes for this mode.
    fn python_arg(self) -> Option<&'static str> {
        match self {
            Mode::Quick => Some("--quick"),
            Mode::Default => None,
            Mode::Precise => Some("--precise"),
        }
    }
}

/// Where a run's wall time went, phase by phase (a criterion group, a bench.py figure, the
/// build): what to cut when `--quick` is slow is whatever tops this list.
#[derive(Debug, Default)]
pub struct Clock(RefCell<BTreeMap<String, (u32, Duration)>>);

impl Clock {
    /// Runs `f`, adding its wall time (and one run) to `phase`.
    pub fn time<T>(&self, phase: &str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.add(phase, started.elapsed());
        out
    }

    /// Adds one run of `took` to `phase`.
    pub fn add(&self, phase: &str, took: Duration) {
        let mut phases = self.0.borrow_mut();
        let entry = phases.entry(phase.to_owned()).or_default();
        entry.0 += 1;
        entry.1 += took;
    }

    /// The report's section: the `top` costliest phases, the rest summed, out of `total`.
    pub fn markdown(&self, total: Duration, top: usize) -> String {
        let mut phases: Vec<(String, u32, Duration)> = self
            .0
            .borrow()
            .iter()
            .map(|(k, (n, d))| (k.clone(), *n, *d))
            .collect();
        phases.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let mut s = String::from("\n## Where the time went\n\n");
        let _ = writeln!(
            s,
            "{:.0} s in all; each phase's runs and wall time, the costliest first.\n",
            total.as_secs_f64()
        );
        let _ = writeln!(s, "| phase | runs | seconds |");
        let _ = writeln!(s, "|---|---:|---:|");
        for (name, n, d) in phases.iter().take(top) {
            let _ = writeln!(s, "| {name} | {n} | {:.1} |", d.as_secs_f64());
        }
        if phases.len() > top {
            let rest = &phases[top..];
            let _ = writeln!(
                s,
                "| {} other phases | {} | {:.1} |",
                rest.len(),
                rest.iter().map(|p| p.1).sum::<u32>(),
                rest.iter().map(|p| p.2).sum::<Duration>().as_secs_f64()
            );
        }
        s
    }
}

/// The phase a criterion id's time is counted under: its group (`primes below 500000`).
fn rust_phase(id: &str) -> String {
    format!("Rust: {}", id.split('/').next().unwrap_or(id))
}

/// The phase a bench.py key's time is counted under: the key without a curve's point number
/// (`asyncio.sleeps.100000` counts as `asyncio.sleeps`).
fn python_phase(key: &str) -> String {
    let figure = match key.rsplit_once('.') {
        Some((head, tail)) if tail.chars().all(|c| c.is_ascii_digit()) => head,
        _ => key,
    };
    format!("Python: {figure}")
}

/// The crates' bench executables, and which benchmark ids each one holds.
pub struct Benches {
    by_id: BTreeMap<String, PathBuf>,
    home: PathBuf,
    python3: PathBuf,
    /// Where the measuring time went.
    pub clock: Clock,
}

#[derive(Deserialize)]
struct Artifact {
    reason: String,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    executable: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Target {
    kind: Vec<String>,
}

impl Benches {
    /// Builds the bench targets of `packages` (release, once) and lists their benchmarks.
    pub fn build(packages: &[&str]) -> anyhow::Result<Benches> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(paths::root())
            .args([
                "bench",
                "--no-run",
                "--message-format=json-render-diagnostics",
            ])
            .stdout(Stdio::piped());
        for p in packages {
            cmd.args(["--package", p]);
        }
        // Only the bench targets: `--benches` would also build each lib's test harness.
        for b in packages
            .iter()
            .flat_map(|p| bench_targets(&paths::root().join(p).join("benches")))
        {
            cmd.args(["--bench", &b]);
        }
        let out = cmd.output().context("running cargo bench --no-run")?;
        if !out.status.success() {
            bail!("cargo bench --no-run failed ({})", out.status);
        }
        let exes: Vec<PathBuf> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Artifact>(l).ok())
            .filter(|a| a.reason == "compiler-artifact")
            .filter(|a| a.target.as_ref().is_some_and(|t| t.kind == ["bench"]))
            .filter_map(|a| a.executable)
            .collect();
        let mut by_id = BTreeMap::new();
        for exe in exes {
            for id in list(&exe)? {
                by_id.insert(id, exe.clone());
            }
        }
        let home = crate::bench::out_dir().join("criterion");
        Ok(Benches {
            by_id,
            home,
            python3: python_executable(),
            clock: Clock::default(),
        })
    }

    /// Measures one benchmark now; `None` if no executable holds `id`.
    pub fn measure(&self, id: &str, mode: Mode) -> anyhow::Result<Option<Estimate>> {
        let Some(exe) = self.by_id.get(id) else {
            return Ok(None);
        };
        self.clock
            .time(&rust_phase(id), || self.run_criterion(exe, id, mode))
    }

    /// Runs `bench.py --only KEY` once (see [`measure_python`]), on the clock.
    pub fn python(&self, key: &str, mode: Mode) -> anyhow::Result<Option<f64>> {
        self.clock.time(&python_phase(key), || {
            measure_python(&self.python3, key, mode)
        })
    }

    fn run_criterion(&self, exe: &Path, id: &str, mode: Mode) -> anyhow::Result<Option<Estimate>> {
        let _ = std::fs::remove_dir_all(&self.home);
        let mut cmd = Command::new(exe);
        cmd.current_dir(paths::root())
            .args(["--bench", "--exact", id])
            .args(mode.criterion_args())
            .env("CRITERION_HOME", &self.home)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if mode == Mode::Quick {
            // Criterion's group settings win over its flags: the env var reaches those too.
            cmd.env(interleaving::cli::QUICK_BENCH_ENV, "1");
        }
        let out = cmd
            .output()
            .with_context(|| format!("running {} --exact {id}", exe.display()))?;
        if !out.status.success() {
            bail!(
                "benchmark {id} failed ({}): {}",
                out.status,
                last_line(&out.stderr)
            );
        }
        Ok(read_criterion(&self.home).remove(id))
    }
}

/// The benchmark ids of one criterion executable (`--list` prints `ID: benchmark`).
fn list(exe: &Path) -> anyhow::Result<Vec<String>> {
    let out = Command::new(exe)
        .args(["--bench", "--list"])
        .current_dir(paths::root())
        .stderr(Stdio::null())
        .output()
        .with_context(|| format!("listing {}", exe.display()))?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": benchmark"))
        .map(str::to_owned)
        .collect())
}

/// The bench targets in a `benches/` folder: its `.rs` files, by stem.
pub fn bench_targets(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

/// The interpreter `python3` stands for, by its own path: where `python3` is a version
/// manager's shim (pyenv's is a bash script), starting the interpreter directly saves a
/// tenth of a second on each of the hundred or so runs of bench.py. `python3` if it cannot say.
fn python_executable() -> PathBuf {
    Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// Runs `bench.py --only KEY` once and returns its figure; `None` if bench.py has no such key.
pub fn measure_python(python3: &Path, key: &str, mode: Mode) -> anyhow::Result<Option<f64>> {
    let script = paths::root().join("reference/python/bench.py");
    let mut cmd = Command::new(python3);
    cmd.arg(&script).args(["--only", key]);
    if let Some(flag) = mode.python_arg() {
        cmd.arg(flag);
    }
    let out = cmd
        .output()
        .context("running python3 reference/python/bench.py")?;
    if !out.status.success() {
        bail!("bench.py --only {key} failed: {}", last_line(&out.stderr));
    }
    let figures: BTreeMap<String, PyFigure> =
        serde_json::from_slice(&out.stdout).context("reading bench.py's JSON")?;
    Ok(figures.get(key).map(|f| f.value))
}

fn last_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_criterion_groups_and_python_figures_without_their_point() {
        assert_eq!(
            rust_phase("primes below 500000/threads/2"),
            "Rust: primes below 500000"
        );
        assert_eq!(
            python_phase("asyncio.sleeps.100000"),
            "Python: asyncio.sleeps"
        );
        assert_eq!(
            python_phase("threads.speedup_2"),
            "Python: threads.speedup_2"
        );
    }

    #[test]
    fn the_clock_lists_the_costliest_phases_first_and_sums_the_rest() {
        let clock = Clock::default();
        clock.add("small", Duration::from_millis(100));
        clock.add("big", Duration::from_secs(3));
        clock.add("big", Duration::from_secs(2));
        clock.add("tiny", Duration::from_millis(50));
        assert_eq!(clock.time("middle", || 7), 7);
        let md = clock.markdown(Duration::from_secs(6), 2);
        let big = md.find("| big | 2 | 5.0 |").expect(&md);
        let small = md.find("| small | 1 | 0.1 |").expect(&md);
        assert!(big < small, "{md}");
        assert!(md.contains("| 2 other phases | 2 |"), "{md}");
    }
}
