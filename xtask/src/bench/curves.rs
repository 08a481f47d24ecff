//! Curves of cost against work: the same measurement at growing sizes (workers, producers x
//! consumers, tasks, stack size, sleepers), Rust beside Python, with the physical limit as a
//! line and one sentence, computed from the points, on how the cost grows.

use std::fmt::Write;
use std::path::Path;

use anyhow::anyhow;
use indicatif::ProgressBar;
use plotters::prelude::*;

use crate::bench::Estimate;
use crate::bench::exec::{Benches, Mode};
use crate::bench::report::num;

/// How a Rust point's figure comes from criterion's estimate(s).
#[derive(Clone, Copy)]
pub enum Y {
    /// Sequential time (this criterion id) over the point's time.
    SpeedupOver(&'static str),
    /// Nanoseconds per element.
    NsPerElement,
    /// Elements per second.
    Rate,
    /// Milliseconds per iteration.
    WallMs,
}

/// Where a series' points come from.
#[derive(Clone, Copy)]
pub enum Source {
    /// A criterion benchmark per point, its id made from x.
    Rust {
        /// The id at x.
        id: fn(u64) -> String,
        /// The figure made of it.
        y: Y,
    },
    /// A bench.py key per point, made from x.
    Python {
        /// The key at x.
        key: fn(u64) -> String,
    },
}

/// One line of a curve.
pub struct Series {
    /// Its legend.
    pub label: &'static str,
    /// Its points' source.
    pub source: Source,
    /// The largest x measured in quick, default and precise mode (bigger is slow).
    pub max_x: [u64; 3],
}

/// The physical limit a curve is drawn against.
#[derive(Clone, Copy)]
pub enum Limit {
    /// A speedup cannot pass min(x, cores).
    Cores,
    /// A fixed floor, e.g. the 100 ms every sleeper waits.
    Flat(f64),
    /// No cost growth: the first series' first point, held flat.
    FirstPointFlat,
    /// A ceiling measured at each x: a criterion benchmark's rate (e.g. `redis-benchmark`
    /// at the same pipeline depth), shown as the table's last column.
    Measured {
        /// The benchmark id at x.
        id: fn(u64) -> String,
        /// What the report says when it was not measured (the benchmark is not listed).
        missing: &'static str,
    },
}

/// Writes a curve's goal sentence from its first series' points and its limit's, each a
/// list of (x, y).
pub type GoalSentence = fn(&[(u64, f64)], &[(u64, f64)]) -> String;

/// A curve: x values, series, the limit, axes.
pub struct Curve {
    /// File stem of its SVG (`curve-NAME.svg`).
    pub name: &'static str,
    /// Title.
    pub title: &'static str,
    /// What x counts.
    pub x_label: &'static str,
    /// What y measures.
    pub y_label: &'static str,
    /// The x values.
    pub xs: &'static [u64],
    /// The lines.
    pub series: &'static [Series],
    /// The limit line.
    pub limit: Limit,
    /// The limit's legend.
    pub limit_label: &'static str,
    /// Whether higher is better (speedups, rates) or lower (costs, times).
    pub higher_better: bool,
    /// The sentence on the curve's goals, from the first series' points and the limit's, if it
    /// has any ([`crate::bench::goal::batch_sentence`]).
    pub goal: Option<GoalSentence>,
}

impl Curve {
    /// The x values measured in `mode` (by the series that goes furthest).
    pub fn points(&self, mode: Mode) -> Vec<u64> {
        let max = self
            .series
            .iter()
            .map(|s| s.max_x[idx(mode)])
            .max()
            .unwrap_or(0);
        self.xs.iter().copied().filter(|x| *x <= max).collect()
    }
}

fn idx(mode: Mode) -> usize {
    match mode {
        Mode::Quick => 0,
        Mode::Default => 1,
        Mode::Precise => 2,
    }
}

const ALL: [u64; 3] = [u64::MAX; 3];

/// The curves of `cargo xtask bench`.
pub const CURVES: &[Curve] = &[
    Curve {
        name: "speedup-vs-workers",
        title: "CPU-bound speedup against workers (primes)",
        x_label: "workers",
        y_label: "speedup over sequential",
        xs: &[1, 2, 4, 8],
        series: &[
            Series {
                label: "Rust threads",
                source: Source::Rust {
                    id: |w| format!("primes below 500000/threads/{w}"),
                    y: Y::SpeedupOver("primes below 500000/sequential"),
                },
                max_x: ALL,
            },
            Series {
                label: "Rust Pool.map",
                source: Source::Rust {
                    id: |w| format!("count primes below 150000, 8 times/Pool({w}).map"),
                    y: Y::SpeedupOver("count primes below 150000, 8 times/sequential"),
                },
                max_x: ALL,
            },
            Series {
                label: "Python threads",
                source: Source::Python {
                    key: |w| format!("threads.speedup.{w}"),
                },
                max_x: ALL,
            },
            Series {
                label: "Python Pool.map",
                source: Source::Python {
                    key: |w| format!("pool.speedup.{w}"),
                },
                max_x: ALL,
            },
        ],
        limit: Limit::Cores,
        limit_label: "limit: min(workers, cores)",
        higher_better: true,
        goal: None,
    },
    Curve {
        name: "queue-vs-threads",
        title: "Queue throughput against producers x consumers (bounded 1024)",
        x_label: "producers = consumers",
        y_label: "messages per second",
        xs: &[1, 2, 4, 8],
        series: &[
            Series {
                label: "our Queue",
                source: Source::Rust {
                    id: |w| format!("queue_throughput/ours/{w}->{w} bounded 1024"),
                    y: Y::Rate,
                },
                max_x: ALL,
            },
            Series {
                label: "crossbeam",
                source: Source::Rust {
                    id: |w| format!("queue_throughput/crossbeam/{w}->{w} bounded 1024"),
                    y: Y::Rate,
                },
                max_x: ALL,
            },
            Series {
                label: "Python queue.Queue",
                source: Source::Python {
                    key: |w| format!("queue.throughput.{w}x{w}"),
                },
                max_x: ALL,
            },
        ],
        limit: Limit::FirstPointFlat,
        limit_label: "no contention cost: our 1x1 rate held flat",
        higher_better: true,
        goal: None,
    },
    Curve {
        name: "tasks-vs-count",
        title: "Async task spawn+join, per task, against the number of tasks",
        x_label: "tasks",
        y_label: "ns per task",
        xs: &[1_000, 10_000, 100_000, 1_000_000],
        series: &[
            Series {
                label: "tokio (current_thread)",
                source: Source::Rust {
                    id: |n| format!("spawn_join_per_task/{n}"),
                    y: Y::NsPerElement,
                },
                max_x: ALL,
            },
            Series {
                label: "Python asyncio",
                source: Source::Python {
                    key: |n| format!("asyncio.task_spawn_join.{n}"),
                },
                max_x: [100_000, 100_000, 1_000_000],
            },
        ],
        limit: Limit::FirstPointFlat,
        limit_label: "no growth: the 1,000-task cost held flat",
        higher_better: false,
        goal: None,
    },
    Curve {
        name: "check-vs-trace-size",
        title: "Checking a producer-consumer trace, and the run that recorded it, per queue operation",
        x_label: "queue operations in the trace",
        y_label: "ns per operation",
        xs: &[10_000, 30_000, 100_000, 300_000, 1_000_000],
        series: &[
            Series {
                label: "check_lesson, many-to-many (4x4)",
                source: Source::Rust {
                    id: |n| format!("check_vs_size/{n} ops"),
                    y: Y::NsPerElement,
                },
                max_x: [100_000, 1_000_000, 1_000_000],
            },
            // Issue 25: checking stays faster than the run that produced the history.
            Series {
                label: "the run that recorded it",
                source: Source::Rust {
                    id: |n| format!("run_vs_size/{n} ops"),
                    y: Y::NsPerElement,
                },
                max_x: [100_000, 1_000_000, 1_000_000],
            },
        ],
        limit: Limit::FirstPointFlat,
        limit_label: "linear: the 10,000-operation cost held flat",
        higher_better: false,
        goal: None,
    },
    Curve {
        name: "generator-vs-stack",
        title: "A generator's whole life against its stack size",
        x_label: "stack (KiB)",
        y_label: "ns per generator",
        xs: &[16, 64, 256, 1024],
        series: &[Series {
            label: "Rust generator, fresh stack",
            source: Source::Rust {
                id: |k| format!("generator_life_by_stack/{k}"),
                y: Y::NsPerElement,
            },
            max_x: ALL,
        }],
        limit: Limit::FirstPointFlat,
        limit_label: "no growth: the 16 KiB cost held flat",
        higher_better: false,
        goal: None,
    },
    Curve {
        name: "sleeps-vs-count",
        title: "N concurrent sleeps of 100 ms: wall time against N",
        x_label: "concurrent sleeps",
        y_label: "ms",
        xs: &[10_000, 100_000, 1_000_000],
        series: &[
            Series {
                label: "tokio",
                source: Source::Rust {
                    id: |n| format!("concurrent_sleeps_of_100ms/{n}"),
                    y: Y::WallMs,
                },
                max_x: ALL,
            },
            Series {
                label: "Python asyncio",
                source: Source::Python {
                    key: |n| format!("asyncio.sleeps.{n}"),
                },
                max_x: [100_000, 100_000, 1_000_000],
            },
        ],
        limit: Limit::Flat(100.0),
        limit_label: "ideal: 100 ms whatever N",
        higher_better: false,
        goal: None,
    },
    Curve {
        name: "stream-vs-batch",
        title: "Redis stream end to end (put, process, ack), 2 workers, against the batch size",
        x_label: "batch (entries per round trip)",
        y_label: "items per second",
        xs: &[1, 4, 16, 64, 256],
        series: &[
            Series {
                label: "Rust --batch",
                source: Source::Rust {
                    id: |b| format!("stream_batch/2 workers/{b}"),
                    y: Y::Rate,
                },
                max_x: ALL,
            },
            Series {
                label: "Python redis-py",
                source: Source::Python {
                    key: |b| format!("stream.batch.{b}"),
                },
                max_x: ALL,
            },
        ],
        limit: Limit::Measured {
            id: |b| format!("stream_batch/redis-benchmark XADD -P/{b}"),
            missing: "no ceiling: redis-benchmark (Debian's redis-tools) is not on PATH, or \
                      redis-server is missing",
        },
        limit_label: "ceiling: redis-benchmark XADD, -P batch",
        higher_better: true,
        goal: Some(crate::bench::goal::batch_sentence),
    },
];

/// A curve as measured: per series, its (x, y) points.
pub struct Measured {
    /// Which curve.
    pub curve: &'static Curve,
    /// Per series, in the curve's order.
    pub points: Vec<Vec<(u64, f64)>>,
    /// The limit line's points.
    pub limit: Vec<(u64, f64)>,
    /// How the cost grows, in one sentence.
    pub sentence: String,
}

impl Measured {
    /// `curve-NAME.svg`.
    pub fn file_name(&self) -> String {
        format!("curve-{}.svg", self.curve.name)
    }
}

/// Measures every curve once per point (the median of three in default and precise mode).
pub fn measure(
    benches: &Benches,
    curves: &[&'static Curve],
    python: bool,
    mode: Mode,
    cores: usize,
    bar: &ProgressBar,
) -> anyhow::Result<Vec<Measured>> {
    let repeats = if mode == Mode::Quick { 1 } else { 3 };
    let mut out = Vec::new();
    for &curve in curves {
        let mut points = Vec::new();
        for s in curve.series {
            let mut line = Vec::new();
            for x in curve.points(mode) {
                bar.set_message(format!("{}: {} at {x}", curve.title, s.label));
                bar.inc(1);
                if x > s.max_x[idx(mode)] {
                    continue;
                }
                let mut ys = Vec::new();
                for _ in 0..repeats {
                    if let Some(y) = point(benches, python, mode, s.source, x)? {
                        ys.push(y);
                    }
                }
                if let Some(sp) = crate::bench::stats::Spread::of(&ys) {
                    line.push((x, sp.median));
                }
            }
            points.push(line);
        }
        let mut ceiling = Vec::new();
        if let Limit::Measured { id, .. } = curve.limit {
            for x in curve.points(mode) {
                bar.set_message(format!("{}: {} at {x}", curve.title, curve.limit_label));
                let rate = Source::Rust { id, y: Y::Rate };
                let mut ys = Vec::new();
                for _ in 0..repeats {
                    ys.extend(point(benches, python, mode, rate, x)?);
                }
                if let Some(sp) = crate::bench::stats::Spread::of(&ys) {
                    ceiling.push((x, sp.median));
                }
            }
        }
        let limit = limit_line(curve, &points, &ceiling, cores);
        let sentence = describe(curve, &points, &limit, cores);
        out.push(Measured {
            curve,
            points,
            limit,
            sentence,
        });
    }
    Ok(out)
}

fn point(
    benches: &Benches,
    python: bool,
    mode: Mode,
    source: Source,
    x: u64,
) -> anyhow::Result<Option<f64>> {
    Ok(match source {
        Source::Python { key } if python => benches.python(&key(x), mode)?,
        Source::Python { .. } => None,
        Source::Rust { id, y } => {
            let Some(e) = benches.measure(&id(x), mode)? else {
                return Ok(None);
            };
            match y {
                Y::SpeedupOver(seq) => benches
                    .measure(seq, mode)?
                    .map(|s: Estimate| s.median_ns / e.median_ns),
                Y::NsPerElement => Some(e.ns_per_element()),
                Y::Rate => Some(1e9 / e.ns_per_element()),
                Y::WallMs => Some(e.median_ns / 1e6),
            }
        }
    })
}

/// The limit's points at the measured x values (`ceiling`: a [`Limit::Measured`]'s own).
fn limit_line(
    curve: &Curve,
    points: &[Vec<(u64, f64)>],
    ceiling: &[(u64, f64)],
    cores: usize,
) -> Vec<(u64, f64)> {
    if let Limit::Measured { .. } = curve.limit {
        return ceiling.to_vec();
    }
    let xs: Vec<u64> = points
        .iter()
        .flat_map(|l| l.iter().map(|p| p.0))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let y = |x: u64| match curve.limit {
        Limit::Cores => Some(x.min(cores as u64) as f64),
        Limit::Flat(v) => Some(v),
        Limit::FirstPointFlat => points.first().and_then(|l| l.first()).map(|p| p.1),
        Limit::Measured { .. } => None,
    };
    xs.into_iter()
        .filter_map(|x| y(x).map(|v| (x, v)))
        .collect()
}

/// One sentence on how the first series grows, and where the others stand (`limit`: the
/// limit line's points).
pub fn describe(
    curve: &Curve,
    points: &[Vec<(u64, f64)>],
    limit: &[(u64, f64)],
    cores: usize,
) -> String {
    let Some(first) = points.first().filter(|l| l.len() >= 2) else {
        return "Too few points were measured to say how it grows.".into();
    };
    if let Limit::Measured { missing, .. } = curve.limit {
        return against_ceiling(curve, first, limit, missing);
    }
    let label = curve.series[0].label;
    let (x0, y0) = first[0];
    let (xn, yn) = first[first.len() - 1];
    match curve.limit {
        Limit::Cores => {
            let (xp, yp) = first
                .iter()
                .copied()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((x0, y0));
            format!(
                "{label} peak at {yp:.2}x with {xp} workers (the limit is {cores}x); past the \
                 {cores} cores, {xn} workers give {yn:.2}x: {}.",
                if yn < yp * 0.95 {
                    format!("oversubscription costs {:.0} %", (1.0 - yn / yp) * 100.0)
                } else {
                    "oversubscription costs nothing measurable".into()
                }
            )
        }
        _ => {
            let shape = shape(first);
            format!(
                "{label}: {shape}, from {} {} at {x0} to {} at {xn}.",
                num(y0),
                curve.y_label,
                num(yn)
            )
        }
    }
}

/// The best point of the first series, and its share of the ceiling measured at the same x.
fn against_ceiling(
    curve: &Curve,
    first: &[(u64, f64)],
    ceiling: &[(u64, f64)],
    missing: &str,
) -> String {
    let label = curve.series[0].label;
    let (xb, yb) = first
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or(first[0]);
    let best = format!(
        "{label}: best {} {} at {xb} (from {} at {})",
        num(yb),
        curve.y_label,
        num(first[0].1),
        first[0].0
    );
    let at_best = ceiling.iter().find(|p| p.0 == xb).map(|p| p.1);
    let mut sentence = match at_best {
        Some(c) => format!(
            "{best}: {:.0} % of the ceiling there ({}).",
            yb / c * 100.0,
            num(c)
        ),
        None => format!("{best}; {missing}."),
    };
    if let Some(goal) = curve.goal {
        sentence.push(' ');
        sentence.push_str(&goal(first, ceiling));
    }
    sentence
}

/// Flat, linear, a power, or a knee: from the slopes on log-log axes.
pub fn shape(points: &[(u64, f64)]) -> String {
    let slope = |a: (u64, f64), b: (u64, f64)| {
        (b.1.max(1e-12) / a.1.max(1e-12)).ln() / (b.0 as f64 / a.0 as f64).ln()
    };
    let slopes: Vec<f64> = points.windows(2).map(|w| slope(w[0], w[1])).collect();
    let whole = slope(points[0], points[points.len() - 1]);
    if let Some(i) = (1..slopes.len()).find(|&i| (slopes[i] - slopes[i - 1]).abs() > 0.4) {
        return format!(
            "a knee at {} (the growth goes from x^{:.1} to x^{:.1})",
            points[i].0,
            slopes[i - 1],
            slopes[i]
        );
    }
    if whole.abs() < 0.1 {
        "flat (it does not grow with the work)".into()
    } else if (whole - 1.0).abs() < 0.15 {
        "linear".into()
    } else if whole < 0.0 {
        format!("falling (as x^{whole:.2})")
    } else {
        format!("growing as x^{whole:.2}")
    }
}

/// The curves' section of the report: a picture and a sentence each.
pub fn markdown(measured: &[Measured]) -> String {
    let mut s = String::from("\n## Curves: cost against work\n");
    if measured.is_empty() {
        // Only `--only` leaves every curve out; the header paragraph names them.
        s.push_str("\nNone measured in this run (`--only`).\n");
    }
    for m in measured {
        let _ = writeln!(s, "\n### {}\n", m.curve.title);
        let _ = writeln!(s, "![{}]({})\n", m.curve.title, m.file_name());
        let _ = writeln!(s, "{}\n", m.sentence);
        // A measured ceiling is a column of its own, beside the series it bounds.
        let ceiling = matches!(m.curve.limit, Limit::Measured { .. });
        let mut labels: Vec<&str> = m.curve.series.iter().map(|x| x.label).collect();
        let mut lines: Vec<&Vec<(u64, f64)>> = m.points.iter().collect();
        if ceiling {
            labels.push(m.curve.limit_label);
            lines.push(&m.limit);
        }
        let _ = writeln!(s, "| {} | {} |", m.curve.x_label, labels.join(" | "));
        let _ = writeln!(s, "|---:|{}", "---:|".repeat(labels.len()));
        for x in m.curve.xs {
            let cells: Vec<String> = lines
                .iter()
                .map(|l| {
                    l.iter()
                        .find(|p| p.0 == *x)
                        .map_or("-".into(), |p| num(p.1))
                })
                .collect();
            if cells.iter().all(|c| c == "-") {
                continue;
            }
            let _ = writeln!(s, "| {x} | {} |", cells.join(" | "));
        }
    }
    s
}

/// Draws one curve, its limit dashed, its sentence under it.
pub fn draw(m: &Measured, path: &Path) -> anyhow::Result<()> {
    let root = SVGBackend::new(path, (900, 520)).into_drawing_area();
    let e = |err: DrawingAreaErrorKind<_>| anyhow!("drawing {}: {err:?}", path.display());
    root.fill(&WHITE).map_err(e)?;
    let (plot, foot) = root.split_vertically(480);
    let all: Vec<(u64, f64)> = m.points.iter().flatten().chain(&m.limit).copied().collect();
    if all.is_empty() {
        foot.draw(&Text::new(m.sentence.clone(), (10, 10), ("sans-serif", 14)))
            .map_err(e)?;
        root.present().map_err(e)?;
        return Ok(());
    }
    let x0 = all.iter().map(|p| p.0).min().unwrap_or(1).max(1) as f64;
    let x1 = all.iter().map(|p| p.0).max().unwrap_or(2) as f64;
    let y0 = all
        .iter()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min)
        .max(1e-9);
    let y1 = all.iter().map(|p| p.1).fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&plot)
        .caption(m.curve.title, ("sans-serif", 18))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(
            (x0 / 1.3..x1 * 1.3).log_scale(),
            (y0 / 1.5..y1 * 1.5).log_scale(),
        )
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc(m.curve.x_label)
        .y_desc(m.curve.y_label)
        .x_label_formatter(&|v| num(*v))
        .y_label_formatter(&|v| num(*v))
        .draw()
        .map_err(e)?;
    let colors = [BLUE, RED, GREEN, MAGENTA, CYAN];
    for (i, (line, s)) in m.points.iter().zip(m.curve.series).enumerate() {
        let color = colors[i % colors.len()];
        let pts: Vec<(f64, f64)> = line.iter().map(|p| (p.0 as f64, p.1)).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))
            .map_err(e)?
            .label(s.label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
        chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, 4, color.filled())))
            .map_err(e)?;
    }
    let limit: Vec<(f64, f64)> = m.limit.iter().map(|p| (p.0 as f64, p.1)).collect();
    chart
        .draw_series(DashedLineSeries::new(limit, 6, 4, BLACK.stroke_width(1)))
        .map_err(e)?
        .label(m.curve.limit_label)
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(if m.curve.higher_better {
            SeriesLabelPosition::LowerRight
        } else {
            SeriesLabelPosition::UpperLeft
        })
        .draw()
        .map_err(e)?;
    foot.draw(&Text::new(m.sentence.clone(), (15, 5), ("sans-serif", 14)))
        .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_named_from_log_log_slopes() {
        assert!(shape(&[(1_000, 50.0), (10_000, 51.0), (100_000, 49.0)]).starts_with("flat"));
        assert_eq!(shape(&[(10, 10.0), (100, 100.0), (1000, 1000.0)]), "linear");
        assert!(
            shape(&[(10_000, 101.0), (100_000, 110.0), (1_000_000, 900.0)])
                .starts_with("a knee at 100000"),
            "{}",
            shape(&[(10_000, 101.0), (100_000, 110.0), (1_000_000, 900.0)])
        );
    }

    #[test]
    fn a_run_that_left_every_curve_out_says_so() {
        assert!(markdown(&[]).contains("None measured in this run (`--only`)."));
    }

    #[test]
    fn the_speedup_sentence_names_the_peak_and_the_oversubscription() {
        let curve = &CURVES[0];
        let pts = vec![vec![(1, 1.0), (2, 1.9), (4, 1.85), (8, 1.6)]];
        let s = describe(curve, &pts, &[], 2);
        assert!(s.contains("peak at 1.90x with 2 workers"), "{s}");
        assert!(s.contains("oversubscription costs 16 %"), "{s}");
    }

    #[test]
    fn the_batch_curve_names_its_share_of_the_ceiling_or_why_there_is_none() {
        let curve = CURVES.iter().find(|c| c.name == "stream-vs-batch").unwrap();
        let pts = vec![vec![(1, 5_000.0), (64, 60_000.0), (256, 55_000.0)]];
        let ceiling = [(1, 40_000.0), (64, 150_000.0), (256, 170_000.0)];
        let s = describe(curve, &pts, &ceiling, 2);
        assert!(s.contains("best 60") && s.contains("at 64"), "{s}");
        assert!(s.contains("40 % of the ceiling there (150"), "{s}");
        let s = describe(curve, &pts, &[], 2);
        assert!(
            s.contains("redis-benchmark") && s.contains("not on PATH"),
            "{s}"
        );
        let m = Measured {
            curve,
            points: pts,
            limit: ceiling.to_vec(),
            sentence: String::new(),
        };
        let md = markdown(&[m]);
        assert!(
            md.contains("| ceiling: redis-benchmark XADD, -P batch |"),
            "{md}"
        );
        assert!(md.contains("| 64 | 60"), "{md}");
    }

    #[test]
    fn every_curve_draws_with_its_limit_and_sentence() {
        let dir = std::env::temp_dir().join(format!("lab-curves-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for curve in CURVES {
            let points: Vec<Vec<(u64, f64)>> = curve
                .series
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    curve
                        .xs
                        .iter()
                        .map(|&x| (x, (i + 1) as f64 * x as f64))
                        .collect()
                })
                .collect();
            let ceiling: Vec<(u64, f64)> = curve.xs.iter().map(|&x| (x, 9.0 * x as f64)).collect();
            let limit = limit_line(curve, &points, &ceiling, 2);
            let m = Measured {
                curve,
                sentence: describe(curve, &points, &limit, 2),
                limit,
                points,
            };
            let path = dir.join(m.file_name());
            draw(&m, &path).unwrap();
            let svg = std::fs::read_to_string(&path).unwrap();
            assert!(
                svg.contains(curve.limit_label.split(':').next().unwrap()),
                "{}",
                curve.name
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
