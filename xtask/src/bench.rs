//! `cargo xtask bench [--quick]`: the concept crates' criterion benchmarks and the Python
//! equivalents (reference/python/bench.py), run on this machine in one go, turned into ratios:
//! `target/bench/report.md` and a chart, `target/bench/chart.svg`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::paths;

pub use crate::bench_rows::ROWS;

/// A criterion result: mean time per iteration and, if declared, elements per iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Mean nanoseconds per iteration.
    pub mean_ns: f64,
    /// Elements per iteration (criterion's `Throughput::Elements`), if any.
    pub elements: Option<u64>,
}

impl Estimate {
    /// Nanoseconds per element (per iteration if no throughput was declared).
    pub fn ns_per_element(&self) -> f64 {
        self.mean_ns / self.elements.unwrap_or(1).max(1) as f64
    }
}

#[derive(Deserialize)]
struct BenchmarkJson {
    full_id: String,
    #[serde(default)]
    throughput: Option<BTreeMap<String, u64>>,
}

#[derive(Deserialize)]
struct EstimatesJson {
    mean: PointEstimate,
}

#[derive(Deserialize)]
struct PointEstimate {
    point_estimate: f64,
}

/// Every criterion result under `dir` (its `*/new/{benchmark,estimates}.json`), by full id.
pub fn read_criterion(dir: &Path) -> BTreeMap<String, Estimate> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "new") {
                    if let Some((id, est)) = read_one(&p) {
                        out.insert(id, est);
                    }
                } else if p.file_name().is_some_and(|n| n != "base" && n != "change") {
                    stack.push(p);
                }
            }
        }
    }
    out
}

fn read_one(dir: &Path) -> Option<(String, Estimate)> {
    let b: BenchmarkJson =
        serde_json::from_str(&std::fs::read_to_string(dir.join("benchmark.json")).ok()?).ok()?;
    let e: EstimatesJson =
        serde_json::from_str(&std::fs::read_to_string(dir.join("estimates.json")).ok()?).ok()?;
    let elements = b.throughput.and_then(|t| t.get("Elements").copied());
    Some((
        b.full_id,
        Estimate {
            mean_ns: e.mean.point_estimate,
            elements,
        },
    ))
}

/// A Python figure from bench.py.
#[derive(Debug, Clone, Deserialize)]
pub struct PyFigure {
    /// The number.
    pub value: f64,
    /// Its unit: ns, x, msg/s, ms (kept for readers of the JSON; rows know their units).
    #[serde(rename = "unit")]
    pub _unit: String,
}

/// How a row turns measurements into one figure per language.
pub enum Kind {
    /// Parallel speedup: mean(sequential) / mean(parallel), against the core count.
    Speedup {
        /// Criterion id of the sequential run.
        seq: &'static str,
        /// Criterion id of the parallel run on the same work.
        par: &'static str,
    },
    /// A cost per operation, in ns (lower is better).
    Cost {
        /// Criterion id (per element if it declares a throughput).
        id: &'static str,
    },
    /// Operations per second (higher is better).
    Rate {
        /// Criterion id with a declared element throughput.
        id: &'static str,
    },
    /// Our layer's cost over the raw thing it wraps: mean(ours) / mean(raw), or for rates
    /// rate(raw) / rate(ours) (1 = free; lower is better). No Python figure.
    Overhead {
        /// Criterion id of ours.
        ours: &'static str,
        /// Criterion id of the raw baseline.
        raw: &'static str,
    },
    /// Wall time of one iteration, in ms (lower is better).
    WallMs {
        /// Criterion id.
        id: &'static str,
    },
}

/// One row of the report.
pub struct Row {
    /// What is measured, for people.
    pub label: &'static str,
    /// How the Rust figure is computed.
    pub kind: Kind,
    /// The bench.py key of the Python equivalent, if there is one.
    pub python: Option<&'static str>,
}

impl Row {
    /// The criterion ids this row reads.
    pub fn ids(&self) -> Vec<&'static str> {
        match self.kind {
            Kind::Speedup { seq, par } => vec![seq, par],
            Kind::Overhead { ours, raw } => vec![ours, raw],
            Kind::Cost { id } | Kind::Rate { id } | Kind::WallMs { id } => vec![id],
        }
    }
}

/// One row, measured.
#[derive(Debug, Clone)]
pub struct Figure {
    /// What is measured.
    pub label: String,
    /// Unit of both figures.
    pub unit: &'static str,
    /// Rust's figure, if its benchmark ran.
    pub rust: Option<f64>,
    /// Python's, if measured.
    pub python: Option<f64>,
    /// How many times better Rust is (>1: Rust better), if both were measured.
    pub advantage: Option<f64>,
}

/// Turns the measurements into figures, row by row.
pub fn figures(
    rows: &[Row],
    rust: &BTreeMap<String, Estimate>,
    python: &BTreeMap<String, PyFigure>,
) -> Vec<Figure> {
    rows.iter()
        .map(|r| {
            let py = r.python.and_then(|k| python.get(k)).map(|f| f.value);
            let (unit, value, higher_better) = match &r.kind {
                Kind::Speedup { seq, par } => (
                    "x",
                    rust.get(*seq)
                        .zip(rust.get(*par))
                        .map(|(s, p)| s.mean_ns / p.mean_ns),
                    true,
                ),
                Kind::Cost { id } => ("ns", rust.get(*id).map(Estimate::ns_per_element), false),
                Kind::Rate { id } => (
                    "ops/s",
                    rust.get(*id).map(|e| 1e9 / e.ns_per_element()),
                    true,
                ),
                Kind::Overhead { ours, raw } => (
                    "x over raw",
                    rust.get(*ours)
                        .zip(rust.get(*raw))
                        .map(|(o, r)| o.ns_per_element() / r.ns_per_element()),
                    false,
                ),
                Kind::WallMs { id } => ("ms", rust.get(*id).map(|e| e.mean_ns / 1e6), false),
            };
            let advantage = value
                .zip(py)
                .map(|(v, p)| if higher_better { v / p } else { p / v });
            Figure {
                label: r.label.to_owned(),
                unit,
                rust: value,
                python: py,
                advantage,
            }
        })
        .collect()
}

/// The markdown report.
pub fn markdown(figures: &[Figure], cores: usize, quick: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Benchmarks: Rust and Python on the same machine, one run\n"
    );
    let _ = writeln!(
        s,
        "{cores} cores{}. Ratios from one run on a shared machine; read them as orders of \
         magnitude, not records. Speedups are sequential time over parallel time on the same \
         work (the limit is the core count).\n",
        if quick {
            ", --quick (short measurements)"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "| measure | unit | Rust | Python | Rust vs Python |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|");
    for f in figures {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            f.label,
            f.unit,
            f.rust.map_or("not run".into(), num),
            f.python.map_or("-".into(), num),
            f.advantage.map_or("-".into(), |a| format!("{a:.2}x")),
        );
    }
    s
}

fn num(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Runs bench.py and reads its JSON.
pub fn run_python(quick: bool) -> anyhow::Result<BTreeMap<String, PyFigure>> {
    let script = paths::root().join("reference/python/bench.py");
    let mut cmd = Command::new("python3");
    cmd.arg(&script);
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd
        .output()
        .context("running python3 reference/python/bench.py")?;
    if !out.status.success() {
        bail!(
            "bench.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    serde_json::from_slice(&out.stdout).context("reading bench.py's JSON")
}

/// Runs the criterion benchmarks (`benches/*.rs`) of `packages` and reads every result.
pub fn run_criterion(packages: &[&str], quick: bool) -> anyhow::Result<BTreeMap<String, Estimate>> {
    let dir = paths::target_dir().join("criterion");
    let _ = std::fs::remove_dir_all(&dir);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for p in packages {
        // Only the bench targets: `--benches` would also run the lib's test harness, which
        // does not know criterion's flags.
        let benches = bench_targets(&paths::root().join(p).join("benches"));
        if benches.is_empty() {
            continue;
        }
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(paths::root())
            .args(["bench", "--package", p]);
        for b in &benches {
            cmd.args(["--bench", b]);
        }
        cmd.arg("--");
        if quick {
            // Criterion's group settings win over its flags: the env var reaches those too.
            cmd.env(interleaving::cli::QUICK_BENCH_ENV, "1");
            cmd.args(["--warm-up-time", "0.1", "--measurement-time", "0.3"]);
            cmd.args(["--sample-size", "10"]);
        }
        let status = cmd
            .status()
            .with_context(|| format!("running cargo bench -p {p}"))?;
        if !status.success() {
            bail!("cargo bench -p {p} failed ({status})");
        }
    }
    Ok(read_criterion(&dir))
}

/// The bench targets in a `benches/` folder: its `.rs` files, by stem.
fn bench_targets(dir: &Path) -> Vec<String> {
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

/// Where the report goes.
pub fn out_dir() -> PathBuf {
    paths::target_dir().join("bench")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_turn_means_into_speedups_costs_and_rates() {
        let rust: BTreeMap<String, Estimate> = [
            ("p/seq", 200.0, None),
            ("p/par", 100.0, None),
            ("spawn", 50.0, None),
            ("q", 1_000.0, Some(100)),
        ]
        .into_iter()
        .map(|(k, m, e)| {
            (
                k.to_owned(),
                Estimate {
                    mean_ns: m,
                    elements: e,
                },
            )
        })
        .collect();
        let py: BTreeMap<String, PyFigure> = [("spawn", 500.0), ("q", 1e6), ("p", 0.9)]
            .into_iter()
            .map(|(k, v)| {
                (
                    k.to_owned(),
                    PyFigure {
                        value: v,
                        _unit: String::new(),
                    },
                )
            })
            .collect();
        let rows = [
            Row {
                label: "speedup",
                kind: Kind::Speedup {
                    seq: "p/seq",
                    par: "p/par",
                },
                python: Some("p"),
            },
            Row {
                label: "spawn",
                kind: Kind::Cost { id: "spawn" },
                python: Some("spawn"),
            },
            Row {
                label: "queue",
                kind: Kind::Rate { id: "q" },
                python: Some("q"),
            },
            Row {
                label: "missing",
                kind: Kind::Cost { id: "nope" },
                python: None,
            },
        ];
        let f = figures(&rows, &rust, &py);
        assert_eq!(f[0].rust, Some(2.0));
        assert!((f[0].advantage.unwrap() - 2.0 / 0.9).abs() < 1e-9);
        assert_eq!((f[1].rust, f[1].advantage), (Some(50.0), Some(10.0)));
        assert_eq!(f[2].rust, Some(1e8));
        assert_eq!(f[2].advantage, Some(100.0));
        assert_eq!((f[3].rust, f[3].advantage), (None, None));
        let md = markdown(&f, 2, true);
        assert!(md.contains("| spawn | ns | 50.00 | 500 | 10.00x |"), "{md}");
        assert!(md.contains("| missing | ns | not run | - | - |"), "{md}");
    }

    #[test]
    fn criterion_results_are_read_by_full_id() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("queue/ours/new");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(
            new.join("benchmark.json"),
            r#"{"group_id":"queue","function_id":"ours","full_id":"queue/ours","throughput":{"Elements":1000}}"#,
        )
        .unwrap();
        std::fs::write(
            new.join("estimates.json"),
            r#"{"mean":{"point_estimate":5000.0,"standard_error":1.0}}"#,
        )
        .unwrap();
        let got = read_criterion(dir.path());
        assert_eq!(
            got.get("queue/ours"),
            Some(&Estimate {
                mean_ns: 5000.0,
                elements: Some(1000)
            })
        );
        assert_eq!(got["queue/ours"].ns_per_element(), 5.0);
    }
}
