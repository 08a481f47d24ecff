//! `cargo xtask bench [--quick | --precise] [--allow-flags] [--publish | --only PATTERN]`: every row
//! (or, with `--only`, every row and curve whose name matches) measured
//! k times, the Rust side and its counterpart (Python, the raw primitive, the sequential run)
//! taking turns, then the curves; the report and its SVGs go to `target/bench/` only, so a
//! user who wanted numbers finds their work tree as it was. `--publish` also copies them to
//! `docs/bench/` (the only place the README takes figures from).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::bench::curves::{self, CURVES};
use crate::bench::exec::{Benches, Mode};
use crate::bench::history::{self, Comparison, Run};
use crate::bench::only::Only;
use crate::bench::report::{self, Header, Summary};
use crate::bench::{self, Estimate, PyFigure, ROWS, Row};
use crate::{chart, compare, paths, say};

/// Runs the benchmarks in `mode`; `Ok(false)` when a figure is flagged and `allow_flags` is off.
/// With `publish`, copies the report and its SVGs to `docs/bench/` too. `only` picks the
/// rows and curves measured; a run that leaves some out is not kept as the history.
pub fn run(mode: Mode, allow_flags: bool, publish: bool, only: &Only) -> anyhow::Result<bool> {
    let started = Instant::now();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let packages: Vec<&str> = crate::demos::DEMOS
        .iter()
        .map(|d| d.name)
        .filter(|n| paths::root().join(n).join("benches").is_dir())
        .collect();
    say("building the benchmarks (release)...\n");
    let building = Instant::now();
    let benches = Benches::build(&packages)?;
    benches
        .clock
        .add("building and listing the benchmarks", building.elapsed());
    let python = compare::python_available();
    if !python {
        say("python3 not found: the Python column stays empty\n");
    }
    let rows = only.rows(ROWS);
    let picked_curves = only.curves(CURVES);
    let points: usize = picked_curves
        .iter()
        .map(|c| c.points(mode).len() * c.series.len())
        .sum();
    let bar = progress((mode.pairs() * rows.len() + points) as u64);

    let mut passes = Vec::with_capacity(mode.pairs());
    let rows_started = Instant::now();
    for pass in 0..mode.pairs() {
        passes.push(one_pass(&benches, &rows, python, mode, &bar, pass)?);
    }
    let rows_took = rows_started.elapsed();
    let measured = curves::measure(&benches, &picked_curves, python, mode, cores, &bar)?;
    let curves_took = rows_started.elapsed() - rows_took;
    bar.finish_and_clear();
    say(&format!(
        "measured in {:.0} s: the rows' {} passes {:.0} s, the curves {:.0} s\n",
        started.elapsed().as_secs_f64(),
        mode.pairs(),
        rows_took.as_secs_f64(),
        curves_took.as_secs_f64()
    ));

    let summaries = report::summarize(&rows, &passes, cores);
    let header = Header {
        date: now_utc(),
        machine: machine_line(cores),
        mode: match mode {
            Mode::Quick => " --quick",
            Mode::Default => "",
            Mode::Precise => " --precise",
        },
        pairs: mode.pairs(),
        took: started.elapsed(),
        scope: only.markdown(ROWS, CURVES),
    };
    let out = bench::out_dir();
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let kept = history::path(&out, mode);
    let previous = Comparison::of(&summaries, history::load(&kept).as_ref());
    let mut md = report::markdown(&header, &summaries, &previous);
    md.push_str(&curves::markdown(&measured));
    md.push_str(&benches.clock.markdown(started.elapsed(), 15));

    std::fs::write(out.join("report.md"), &md).context("writing report.md")?;
    chart::draw(&summaries, cores, &out.join("chart.svg"))?;
    for c in &measured {
        curves::draw(c, &out.join(c.file_name()))?;
    }
    if only.is_all() {
        history::save(&kept, &Run::of(&header.date, &summaries))?;
    }
    say(&md);
    let copied = if publish {
        let docs = paths::root().join("docs/bench");
        copy_dir(&out, &docs)?;
        format!("copied to {}", docs.display())
    } else {
        "not copied to docs/bench/ (--publish does)".to_owned()
    };
    say(&format!(
        "\nwrote {} (and its SVGs), {copied}\n{}\n",
        out.join("report.md").display(),
        previous.summary()
    ));
    let ok = succeeds(&summaries, allow_flags);
    if !ok {
        say(
            "a figure is flagged as impossible (see the report): failing; --allow-flags keeps going\n",
        );
    }
    Ok(ok)
}

/// Whether `bench` succeeds: no row is flagged, or `--allow-flags` says to keep going.
fn succeeds(rows: &[Summary], allow_flags: bool) -> bool {
    allow_flags || rows.iter().all(|r| r.flags.is_empty())
}

/// One pass: each row's Rust side, then its counterpart, so every pair is measured back to
/// back. What a pass has measured already (ids and keys rows share) is not measured again.
fn one_pass(
    benches: &Benches,
    rows: &[Row],
    python: bool,
    mode: Mode,
    bar: &ProgressBar,
    pass: usize,
) -> anyhow::Result<Vec<bench::Figure>> {
    let mut rust: BTreeMap<String, Estimate> = BTreeMap::new();
    let mut py: BTreeMap<String, PyFigure> = BTreeMap::new();
    for row in rows {
        bar.set_message(format!("pair {}: {}", pass + 1, row.label));
        for id in Row::ids(row) {
            if !rust.contains_key(id)
                && let Some(e) = benches.measure(id, mode)?
            {
                rust.insert(id.to_owned(), e);
            }
        }
        if let Some(key) = row.python.filter(|_| python)
            && !py.contains_key(key)
            && let Some(value) = benches.python(key, mode)?
        {
            py.insert(
                key.to_owned(),
                PyFigure {
                    value,
                    _unit: String::new(),
                },
            );
        }
        bar.inc(1);
    }
    Ok(bench::figures(rows, &rust, &py))
}

fn progress(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// `2 cores, <CPU model>, Linux <release>, rustc <version>, Python <version>`.
fn machine_line(cores: usize) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|r| r.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let version = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .ok()
            .map(|o| {
                String::from_utf8_lossy(if o.stdout.is_empty() {
                    &o.stderr
                } else {
                    &o.stdout
                })
                .trim()
                .to_owned()
            })
            .unwrap_or_else(|| format!("no {cmd}"))
    };
    format!(
        "Machine: {cores} cores, {cpu}, Linux {kernel}, {}, {}.",
        version("rustc", "--version"),
        version("python3", "--version")
    )
}

/// The date and minute, UTC.
fn now_utc() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "an unknown date".into())
}

/// Copies the report and its SVGs (not criterion's folder) from `from` into `to`.
fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for e in std::fs::read_dir(from)?.filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "md" || x == "svg") {
            std::fs::copy(&p, to.join(e.file_name()))
                .with_context(|| format!("copying {}", p.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::stats::{Flag, Spread};

    fn row(flags: Vec<Flag>) -> Summary {
        Summary {
            label: "Pool(2).map vs sequential".into(),
            unit: "x",
            rust: Spread::of(&[1.8, 1.9, 1.85]),
            python: Spread::of(&[2.1, 2.18, 2.3]),
            advantage: None,
            noise: false,
            goal: None,
            flags,
        }
    }

    #[test]
    fn copy_dir_copies_the_report_and_its_svgs_only() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        for f in ["report.md", "chart.svg", "history-default.json"] {
            std::fs::write(from.path().join(f), f).unwrap();
        }
        std::fs::create_dir(from.path().join("criterion")).unwrap();
        copy_dir(from.path(), &to.path().join("docs/bench")).unwrap();
        let mut got: Vec<String> = std::fs::read_dir(to.path().join("docs/bench"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        got.sort();
        assert_eq!(got, ["chart.svg", "report.md"]);
    }

    #[test]
    fn a_flagged_row_fails_bench_unless_allow_flags() {
        let flagged = [
            row(Vec::new()),
            row(vec![Flag::SpeedupAboveCores {
                side: "Python",
                speedup: 2.18,
                cores: 2,
            }]),
        ];
        assert!(!succeeds(&flagged, false));
        assert!(succeeds(&flagged, true));
        assert!(succeeds(&[row(Vec::new())], false));
    }
}
