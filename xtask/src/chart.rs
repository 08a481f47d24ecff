//! The benchmark chart (plotters, SVG): how many times better Rust does than Python per row,
//! on a log scale, and the parallel speedups of both against the core count.

use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use crate::bench::report::Summary;
use crate::bench::stats::Spread;

/// Draws `figures` into an SVG at `path`.
pub fn draw(figures: &[Summary], cores: usize, path: &Path) -> anyhow::Result<()> {
    let ratios: Vec<(&str, Spread)> = figures
        .iter()
        .filter(|f| !f.is_speedup())
        .filter_map(|f| f.advantage.map(|a| (f.label.as_str(), a)))
        .collect();
    let speedups: Vec<(&str, Option<Spread>, Option<Spread>)> = figures
        .iter()
        .filter(|f| f.is_speedup())
        .map(|f| (f.label.as_str(), f.rust, f.python))
        .collect();
    let height = 120 + 34 * (ratios.len() + speedups.len() * 2) as u32;
    let root = SVGBackend::new(path, (1000, height.max(400))).into_drawing_area();
    let e = |err: DrawingAreaErrorKind<_>| anyhow!("drawing the chart: {err:?}");
    root.fill(&WHITE).map_err(e)?;
    let split = 60 + 34 * ratios.len() as u32;
    let (top, bottom) = root.split_vertically(split.max(200));

    let max = ratios.iter().map(|r| r.1.max).fold(10.0_f64, f64::max) * 2.0;
    let min = ratios.iter().map(|r| r.1.min).fold(1.0_f64, f64::min) / 2.0;
    let mut chart = ChartBuilder::on(&top)
        .caption(
            "Rust vs Python: times better, same job, same machine (median, min-max whisker; log scale)",
            ("sans-serif", 18),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(260)
        .build_cartesian_2d(
            (min..max).log_scale(),
            (0..ratios.len().max(1)).into_segmented(),
        )
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(ratios.len().max(1))
        .y_label_formatter(&|v| label_of(v, &|i| ratios.get(i).map(|r| r.0.to_owned())))
        .x_desc("times better than Python (1 = same)")
        .draw()
        .map_err(e)?;
    chart
        .draw_series(
            ratios
                .iter()
                .enumerate()
                .map(|(i, (_, a))| bar(min, a.median, i, BLUE.mix(0.6))),
        )
        .map_err(e)?;
    chart
        .draw_series(ratios.iter().enumerate().map(|(i, (_, a))| whisker(a, i)))
        .map_err(e)?;

    let rows = speedups.len().max(1) * 2;
    let top_x = speedups
        .iter()
        .flat_map(|(_, r, p)| [r.map(|s| s.max), p.map(|s| s.max)])
        .flatten()
        .fold((cores as f64 * 1.2).max(2.5), f64::max);
    let mut chart = ChartBuilder::on(&bottom)
        .caption(
            format!("Parallel speedup on {cores} cores (the limit is {cores}x)"),
            ("sans-serif", 18),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(260)
        .build_cartesian_2d(0.0..top_x, (0..rows).into_segmented())
        .map_err(e)?;
    let labels: Vec<String> = speedups
        .iter()
        .flat_map(|(l, _, _)| [format!("{l} (Rust)"), format!("{l} (Python)")])
        .collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows)
        .y_label_formatter(&|v| label_of(v, &|i| labels.get(i).cloned()))
        .x_desc("sequential time / parallel time")
        .draw()
        .map_err(e)?;
    chart
        .draw_series(speedups.iter().enumerate().flat_map(|(i, (_, r, p))| {
            [
                r.map(|v| bar(0.0, v.median, 2 * i, GREEN.mix(0.7))),
                p.map(|v| bar(0.0, v.median, 2 * i + 1, RED.mix(0.5))),
            ]
            .into_iter()
            .flatten()
        }))
        .map_err(e)?;
    chart
        .draw_series(speedups.iter().enumerate().flat_map(|(i, (_, r, p))| {
            [
                r.map(|v| whisker(&v, 2 * i)),
                p.map(|v| whisker(&v, 2 * i + 1)),
            ]
            .into_iter()
            .flatten()
        }))
        .map_err(e)?;
    chart
        .draw_series(LineSeries::new(
            [
                (cores as f64, SegmentValue::Exact(0)),
                (cores as f64, SegmentValue::Exact(rows)),
            ],
            BLACK.stroke_width(2),
        ))
        .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}

/// A bar in row `row` of a segmented axis, from `from` to `to`.
fn bar(from: f64, to: f64, row: usize, color: RGBAColor) -> Rectangle<(f64, SegmentValue<usize>)> {
    Rectangle::new(
        [
            (from, SegmentValue::Exact(row)),
            (to, SegmentValue::Exact(row + 1)),
        ],
        color.filled(),
    )
}

/// The min-max range of a row's pairs, as a line through the middle of its bar.
fn whisker(s: &Spread, row: usize) -> PathElement<(f64, SegmentValue<usize>)> {
    PathElement::new(
        [
            (s.min, SegmentValue::CenterOf(row)),
            (s.max, SegmentValue::CenterOf(row)),
        ],
        BLACK.stroke_width(2),
    )
}

/// Labels sit in the middle of their row, and nowhere else.
fn label_of(v: &SegmentValue<usize>, name: &dyn Fn(usize) -> Option<String>) -> String {
    match v {
        SegmentValue::CenterOf(i) => name(*i).unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_with_every_label() {
        let one = |v: f64| Spread::of(&[v * 0.9, v, v * 1.1]);
        let f =
            |label: &str, unit, rust: Option<f64>, python: Option<f64>, advantage: Option<f64>| {
                Summary {
                    label: label.into(),
                    unit,
                    rust: rust.and_then(one),
                    python: python.and_then(one),
                    advantage: advantage.and_then(one),
                    noise: false,
                    goal: None,
                    flags: vec![],
                }
            };
        let figures = vec![
            f(
                "thread spawn+join",
                "ns",
                Some(20_000.0),
                Some(170_000.0),
                Some(8.5),
            ),
            f("queue 1->1", "ops/s", Some(9e6), Some(2e5), Some(45.0)),
            f("primes, 2 threads", "x", Some(1.9), Some(0.95), Some(2.0)),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.svg");
        draw(&figures, 2, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        for label in [
            "thread spawn+join",
            "queue 1-&gt;1",
            "primes, 2 threads (Rust)",
        ] {
            assert!(svg.contains(label), "{label} missing");
        }
    }
}
