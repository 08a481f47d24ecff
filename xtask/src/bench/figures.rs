//! What `cargo xtask bench` measures and how one pass of measurements becomes figures: the
//! rows (criterion ids of the crates' `benches/*.rs` and `reference/python/bench.py` keys),
//! criterion's results as read from disk, and the figure each row makes of one pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::paths;

pub use crate::bench::rows::ROWS;

/// A criterion result: the median time per iteration over its samples and, if declared,
/// elements per iteration.
///
/// The median, not the mean: on a shared machine one sample in ten can be slowed by
/// something else entirely (a 13 ms item in a 34 ms pool call), and the mean carries that into
/// the figure where the median does not. The ratio's spread, over the pairs, still shows how
/// much the runs moved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Median nanoseconds per iteration, over criterion's samples.
    pub median_ns: f64,
    /// Elements per iteration (criterion's `Throughput::Elements`), if any.
    pub elements: Option<u64>,
}

impl Estimate {
    /// Nanoseconds per element (per iteration if no throughput was declared).
    pub fn ns_per_element(&self) -> f64 {
        self.median_ns / self.elements.unwrap_or(1).max(1) as f64
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
    median: PointEstimate,
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
            median_ns: e.median.point_estimate,
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
#[derive(Clone, Copy)]
pub enum Kind {
    /// Parallel speedup: median(sequential) / median(parallel), against the core count.
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
    /// Our layer's cost over the raw thing it wraps: median(ours) / median(raw), or for rates
    /// rate(raw) / rate(ours) (1 = free; lower is better). No Python figure.
    Overhead {
        /// Criterion id of ours.
        ours: &'static str,
        /// Criterion id of the raw baseline.
        raw: &'static str,
    },
    /// Our layer's cost over the raw thing it wraps, measured in alternation inside one
    /// criterion benchmark (one of each per iteration, so both sides see the same machine):
    /// its figure is the ratio itself, as `Overhead`'s is (1 = free; lower is better).
    Alternating {
        /// Criterion id of the benchmark whose "time" is ours over theirs.
        id: &'static str,
        /// The unit, naming the other side (`x over raw`, `x std Mutex`).
        unit_label: &'static str,
        /// Whether the other side is what ours is built on, so that ours below 0.9x of it
        /// is flagged (as an `Overhead`), or a rival (as a `Ratio`).
        floor: bool,
    },
    /// One cost over another that is not the primitive it is built on (checking a history
    /// over recording it, a Redis stream over an in-process queue): median(num) / median(den), per
    /// element. Either side may be the cheaper one, so no 0.9x floor is flagged. No Python
    /// figure.
    Ratio {
        /// Criterion id of the numerator.
        num: &'static str,
        /// Criterion id of the denominator.
        den: &'static str,
        /// The unit, naming the denominator (`x recording`).
        unit_label: &'static str,
    },
    /// Wall time of one iteration, in ms (lower is better).
    WallMs {
        /// Criterion id.
        id: &'static str,
    },
    /// A count per iteration from a criterion group that measures something other than time
    /// (page faults from `getrusage`): the median as it is, in `unit_label` (lower is better).
    Count {
        /// Criterion id.
        id: &'static str,
        /// What is counted, per what (`faults`).
        unit_label: &'static str,
    },
}

/// One row of the report.
#[derive(Clone, Copy)]
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
            Kind::Ratio { num, den, .. } => vec![num, den],
            Kind::Cost { id }
            | Kind::Rate { id }
            | Kind::WallMs { id }
            | Kind::Alternating { id, .. }
            | Kind::Count { id, .. } => vec![id],
        }
    }
}

/// One row, measured.
#[derive(Debug, Clone)]
pub struct Figure {
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
                        .map(|(s, p)| s.median_ns / p.median_ns),
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
                Kind::Alternating { id, unit_label, .. } => {
                    (*unit_label, rust.get(*id).map(|e| e.median_ns), false)
                }
                Kind::Ratio {
                    num,
                    den,
                    unit_label,
                } => (
                    *unit_label,
                    rust.get(*num)
                        .zip(rust.get(*den))
                        .map(|(n, d)| n.ns_per_element() / d.ns_per_element()),
                    false,
                ),
                Kind::WallMs { id } => ("ms", rust.get(*id).map(|e| e.median_ns / 1e6), false),
                Kind::Count { id, unit_label } => {
                    (*unit_label, rust.get(*id).map(|e| e.median_ns), false)
                }
            };
            let advantage = value
                .zip(py)
                .map(|(v, p)| if higher_better { v / p } else { p / v });
            Figure {
                unit,
                rust: value,
                python: py,
                advantage,
            }
        })
        .collect()
}

/// Where the report goes.
pub fn out_dir() -> PathBuf {
    paths::target_dir().join("bench")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_turn_medians_into_speedups_costs_and_rates() {
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
                    median_ns: m,
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
    }

    #[test]
    fn a_ratio_is_per_element_and_carries_its_own_unit() {
        let est = |median_ns, elements| Estimate {
            median_ns,
            elements: Some(elements),
        };
        let rust: BTreeMap<String, Estimate> = [
            ("check".to_owned(), est(1_200.0, 2)),
            ("record".to_owned(), est(240.0, 4)),
        ]
        .into_iter()
        .collect();
        let rows = [Row {
            label: "check over recording",
            kind: Kind::Ratio {
                num: "check",
                den: "record",
                unit_label: "x recording",
            },
            python: None,
        }];
        let f = &figures(&rows, &rust, &BTreeMap::new())[0];
        assert_eq!(
            (f.unit, f.rust, f.advantage),
            ("x recording", Some(10.0), None)
        );
        assert_eq!(rows[0].ids(), ["check", "record"]);
    }

    #[test]
    fn a_count_is_the_median_as_it_is_in_its_own_unit() {
        let rust: BTreeMap<String, Estimate> = [(
            "faults/ours".to_owned(),
            Estimate {
                median_ns: 19.5,
                elements: None,
            },
        )]
        .into_iter()
        .collect();
        let rows = [Row {
            label: "page faults per start+join",
            kind: Kind::Count {
                id: "faults/ours",
                unit_label: "faults",
            },
            python: None,
        }];
        let f = &figures(&rows, &rust, &BTreeMap::new())[0];
        assert_eq!((f.unit, f.rust, f.advantage), ("faults", Some(19.5), None));
        assert_eq!(rows[0].ids(), ["faults/ours"]);
    }

    #[test]
    fn an_alternating_overhead_is_its_median_as_it_is() {
        let rust: BTreeMap<String, Estimate> = [(
            "fork/paired".to_owned(),
            Estimate {
                median_ns: 1.18,
                elements: None,
            },
        )]
        .into_iter()
        .collect();
        let rows = [Row {
            label: "Process fork over raw fork+waitpid",
            kind: Kind::Alternating {
                id: "fork/paired",
                unit_label: "x over raw",
                floor: true,
            },
            python: None,
        }];
        let f = &figures(&rows, &rust, &BTreeMap::new())[0];
        assert_eq!(
            (f.unit, f.rust, f.advantage),
            ("x over raw", Some(1.18), None)
        );
        assert_eq!(rows[0].ids(), ["fork/paired"]);
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
            r#"{"mean":{"point_estimate":9000.0,"standard_error":1.0},"median":{"point_estimate":5000.0,"standard_error":1.0}}"#,
        )
        .unwrap();
        let got = read_criterion(dir.path());
        assert_eq!(
            got.get("queue/ours"),
            Some(&Estimate {
                median_ns: 5000.0,
                elements: Some(1000)
            })
        );
        assert_eq!(got["queue/ours"].ns_per_element(), 5.0);
    }
}
