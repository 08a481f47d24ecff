//! The workspace's own tasks (the cargo-xtask pattern): `cargo xtask <verb>`.
//!
//! `cargo xtask` alone lists the verbs. `demo-all` builds every demo once in release, runs each
//! many times with `--trace`, checks every run against the demo's own properties, and prints one
//! table; `check` does the same for one demo, or checks a recorded trace from a file or stdin.

mod bench;
mod chart;
mod compare;
mod demos;
mod exercise;
mod explore;
mod intervals;
mod judge;
mod mutate;
mod notebook;
mod paths;
mod runner;
mod session;
mod table;
#[cfg(test)]
mod tidy;
mod timeline;
mod verbs;

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};
use interleaving::cli::{count_in, exit_code};
use interleaving::emit::write_raw;

use crate::bench::exec::Mode;
use crate::demos::Demo;
use crate::session::Plan;
use crate::verbs::{
    check_recorded, check_runs, compare_demos, demo_all, draw_timeline, explore_demo, mutate_demos,
};

/// Run the concurrency-lab demos and check what they did against what they claim.
#[derive(Parser)]
#[command(name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    verb: Option<Verb>,
}

#[derive(clap::Args, Clone, Copy)]
struct RunFlags {
    /// How many times to run each demo.
    #[arg(long, default_value_t = 20, allow_hyphen_values = true, value_parser = count_in(1, 100_000))]
    runs: u64,
    /// Seconds one run may take before it counts as hung and is killed.
    #[arg(long, default_value_t = 60, allow_hyphen_values = true, value_parser = count_in(1, 3_600))]
    timeout: u64,
    /// Runs at once (default: the number of cores).
    #[arg(long, allow_hyphen_values = true, value_parser = count_in(1, 256))]
    jobs: Option<u64>,
}

impl RunFlags {
    fn plan(self) -> Plan {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Plan {
            runs: self.runs as usize,
            jobs: self.jobs.map_or(cores, |j| j as usize),
            timeout: Duration::from_secs(self.timeout),
            jitter: false,
            all_cells: true,
        }
    }
}

#[derive(Subcommand)]
enum Verb {
    /// Build every demo once (release), run each N times with --trace, check its properties.
    DemoAll {
        #[command(flatten)]
        run: RunFlags,
    },
    /// Run and check one demo N times, or check a recorded trace (--trace FILE, or - for stdin).
    Check {
        /// The demo whose properties to check.
        #[arg(value_parser = demos::parse_name)]
        name: &'static Demo,
        /// Check this recorded trace (a file, or - for stdin) instead of running the demo.
        #[arg(long, value_name = "FILE|-", conflicts_with_all = ["runs", "jobs", "timeout", "demo_args"])]
        trace: Option<String>,
        #[command(flatten)]
        run: RunFlags,
        /// Flags for the demo itself, after check's own (`check distributed --runs 20 --batch
        /// 64`, or after `--`): every run gets them, and the properties still hold, since they
        /// read the knobs from the trace. The first flag check does not know starts them.
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "DEMO FLAGS"
        )]
        demo_args: Vec<String>,
    },
    /// Run one cell many times (default 1000) and show the distribution of its interleavings.
    Explore {
        /// The demo to explore.
        #[arg(value_parser = demos::parse_name)]
        name: &'static Demo,
        /// How many runs.
        #[arg(long, default_value_t = 1000, allow_hyphen_values = true, value_parser = count_in(1, 100_000))]
        runs: u64,
        /// The cell to run (default: the one the notebook's claim is about; `all` for every cell).
        #[arg(long, value_name = "NAME")]
        cell: Option<String>,
        /// Also run with small random pauses at every event, and count what that found.
        #[arg(long)]
        jitter: bool,
        /// Seconds one run may take before it counts as hung and is killed.
        #[arg(long, default_value_t = 60, allow_hyphen_values = true, value_parser = count_in(1, 3_600))]
        timeout: u64,
        /// Runs at once (default: the number of cores).
        #[arg(long, allow_hyphen_values = true, value_parser = count_in(1, 256))]
        jobs: Option<u64>,
    },
    /// Run each demo and its Python reference (reference/python/) N times, same properties.
    Compare {
        /// Only this demo (default: every demo).
        #[arg(value_parser = demos::parse_name)]
        name: Option<&'static Demo>,
        #[command(flatten)]
        run: RunFlags,
    },
    /// Run the benchmarks and Python's equivalents in pairs; write target/bench/report.md, its
    /// chart and curves (SVG); with --publish, copy them to docs/bench/.
    Bench {
        /// Short measurements, 6 pairs a ratio: under 3 minutes once built.
        #[arg(long, conflicts_with = "precise")]
        quick: bool,
        /// Long measurements, 15 pairs a ratio.
        #[arg(long)]
        precise: bool,
        /// Write the report even when a figure is impossible (a speedup above the core count,
        /// faster than the raw primitive, a Python zero), and exit 0.
        #[arg(long)]
        allow_flags: bool,
        /// Also copy the report and its SVGs to docs/bench/, the figures the README cites
        /// (without it, the work tree is left as it was).
        #[arg(long, conflicts_with = "only")]
        publish: bool,
        /// Measure only the rows and curves whose name contains PATTERN (any case);
        /// repeatable or comma-separated. The report lists what was left out.
        #[arg(long, value_name = "PATTERN", value_delimiter = ',', value_parser = bench::only::parse_pattern)]
        only: Vec<String>,
    },
    /// Break each demo's real run in every way no run can show; every variant must be caught.
    Mutate {
        /// Only this demo (default: every demo).
        #[arg(value_parser = demos::parse_name)]
        name: Option<&'static Demo>,
        /// Variants per demo and mutation class, spread over the trace.
        #[arg(long, default_value_t = 40, allow_hyphen_values = true, value_parser = count_in(1, 100_000))]
        per: u64,
    },
    /// Write the lab notebook: a static site, one page per lesson, from real runs (Python
    /// beside Rust, one run's output, verdicts, interleavings, timelines).
    Notebook {
        /// Only this lesson (default: every lesson).
        #[arg(value_parser = demos::parse_name)]
        lesson: Option<&'static Demo>,
        /// Where to write the site (default: target/notebook/).
        #[arg(short, long, value_name = "DIR")]
        output: Option<std::path::PathBuf>,
        /// How many times to run each cell (and the Python reference).
        #[arg(long, default_value_t = 5, allow_hyphen_values = true, value_parser = count_in(1, 1_000))]
        runs: u64,
        /// Seconds one run may take before it counts as hung and is killed.
        #[arg(long, default_value_t = 60, allow_hyphen_values = true, value_parser = count_in(1, 3_600))]
        timeout: u64,
        /// Open the index in the desktop's browser when done.
        #[arg(long)]
        open: bool,
    },
    /// The exercises: list them with their state, or judge one (build, run it many times,
    /// check every run), give its hint, or judge it again on every save.
    Exercise {
        /// The exercise to judge (none: list them, in the suggested order).
        #[arg(value_parser = exercise::parse_name)]
        name: Option<&'static exercises::Exercise>,
        /// Judge every exercise (with --solution: every solution; the check .ci/run makes).
        #[arg(long, conflicts_with_all = ["name", "hint", "watch", "file"])]
        all: bool,
        /// Print the exercise's hint instead of judging it.
        #[arg(long, requires = "name")]
        hint: bool,
        /// Judge it, then again every time its file is saved (until Ctrl-C).
        #[arg(long, requires = "name", conflicts_with = "hint")]
        watch: bool,
        /// Judge the solution (exercises/solutions/) instead of the learner's file.
        #[arg(long, conflicts_with = "wrong")]
        solution: bool,
        /// Judge the wrong fix kept to show the judge rejects it (exercises/wrong/).
        #[arg(long)]
        wrong: bool,
        /// Judge this copy of the exercise's file instead of exercises/exercises/NAME.rs.
        #[arg(long, value_name = "PATH", requires = "name", conflicts_with_all = ["solution", "wrong"])]
        file: Option<std::path::PathBuf>,
        /// Runs instead of the exercise's own count (the judge stops at the first failure).
        #[arg(long, allow_hyphen_values = true, value_parser = count_in(1, 100_000))]
        runs: Option<u64>,
    },
    /// Draw one run as an SVG: a lane per actor, arrows for happens-before.
    Timeline {
        /// The demo to draw.
        #[arg(value_parser = demos::parse_name)]
        name: &'static Demo,
        /// Draw this recorded trace (a file, or - for stdin) instead of running the demo once.
        #[arg(long, value_name = "FILE|-")]
        trace: Option<String>,
        /// The cell to run (default: the one the notebook's claim is about; `all` for every cell).
        #[arg(long, value_name = "NAME", conflicts_with = "trace")]
        cell: Option<String>,
        /// Where to write the SVG (default: target/timeline/NAME.svg).
        #[arg(short, long, value_name = "FILE.svg")]
        output: Option<std::path::PathBuf>,
        /// Draw from this trace line on (a big trace is drawn in a window; the rest is
        /// summed up).
        #[arg(long, value_name = "LINE", value_parser = clap::value_parser!(u64).range(1..))]
        from: Option<u64>,
        /// Draw up to this trace line.
        #[arg(long, value_name = "LINE", value_parser = clap::value_parser!(u64).range(1..))]
        to: Option<u64>,
        /// Draw at most the first N events of each actor in the window.
        #[arg(long, value_name = "N", default_value_t = timeline::window::PER_ACTOR as u64,
              value_parser = clap::value_parser!(u64).range(1..=100_000))]
        first: u64,
    },
}

fn main() -> ExitCode {
    let cli = interleaving::cli::parse::<Cli>();
    if let Err(e) = runner::end_demos_on_ctrl_c() {
        return exit_code(Err(
            anyhow::Error::from(e).context("installing the Ctrl-C handler")
        ));
    }
    match cli.verb {
        None => {
            let help = Cli::command().render_long_help().to_string();
            write_raw(help.as_bytes());
            exit_code(Ok(()))
        }
        Some(Verb::DemoAll { run }) => outcome(demo_all(run.plan())),
        Some(Verb::Check {
            name,
            trace: Some(file),
            ..
        }) => outcome(check_recorded(name, &file)),
        Some(Verb::Check {
            name,
            run,
            demo_args,
            ..
        }) => outcome(check_runs(name, &demo_args, run.plan())),
        Some(Verb::Explore {
            name,
            runs,
            cell,
            jitter,
            timeout,
            jobs,
        }) => {
            let plan = Plan {
                jitter,
                ..RunFlags {
                    runs,
                    timeout,
                    jobs,
                }
                .plan()
            };
            outcome(explore_demo(name, cell, plan))
        }
        Some(Verb::Mutate { name, per }) => outcome(mutate_demos(name, per as usize)),
        Some(Verb::Bench {
            quick,
            precise,
            allow_flags,
            publish,
            only,
        }) => {
            let mode = match (quick, precise) {
                (true, _) => Mode::Quick,
                (_, true) => Mode::Precise,
                _ => Mode::Default,
            };
            outcome(bench::run::run(
                mode,
                allow_flags,
                publish,
                &bench::only::Only::new(only),
            ))
        }
        Some(Verb::Notebook {
            lesson,
            output,
            runs,
            timeout,
            open,
        }) => {
            let plan = RunFlags {
                runs,
                timeout,
                jobs: None,
            }
            .plan();
            outcome(notebook::build(lesson, output, plan, open))
        }
        Some(Verb::Compare { name, run }) => outcome(compare_demos(name, run.plan())),
        Some(Verb::Exercise {
            name,
            all,
            hint,
            watch,
            solution,
            wrong,
            file,
            runs,
        }) => {
            let which = match (solution, wrong) {
                (true, _) => exercise::Which::Solution,
                (_, true) => exercise::Which::Wrong,
                _ => exercise::Which::Learner,
            };
            outcome(exercise::run(exercise::Request {
                exercise: name,
                hint,
                watch,
                which,
                file,
                runs: runs.map(|n| n as usize),
                all,
            }))
        }
        Some(Verb::Timeline {
            name,
            trace,
            cell,
            output,
            from,
            to,
            first,
        }) => {
            let window = timeline::window::Window {
                from: from.map(|n| n as usize),
                to: to.map(|n| n as usize),
                per_actor: first as usize,
            };
            outcome(draw_timeline(name, trace, cell, output, window))
        }
    }
}

/// `Ok(false)` is "ran fine, but something failed": exit 1 without another error line.
fn outcome(r: anyhow::Result<bool>) -> ExitCode {
    match r {
        // Still exit 1 if the report could not be written (`> /dev/full`).
        Ok(true) => exit_code(Ok(())),
        Ok(false) => ExitCode::FAILURE,
        Err(e) => exit_code(Err(e)),
    }
}

fn say(text: &str) {
    write_raw(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_args(args: &[&str]) -> (u64, Vec<String>) {
        let cli = Cli::try_parse_from(["cargo xtask"].iter().chain(args)).unwrap();
        match cli.verb {
            Some(Verb::Check { run, demo_args, .. }) => (run.runs, demo_args),
            _ => panic!("not check"),
        }
    }

    #[test]
    fn check_hands_the_flags_it_does_not_know_to_the_demo() {
        let got = demo_args(&["check", "distributed", "--runs", "3", "--batch", "64"]);
        assert_eq!(got, (3, vec!["--batch".into(), "64".into()]));
        let got = demo_args(&["check", "asyncio", "--", "--runtime", "multi"]);
        assert_eq!(got, (20, vec!["--runtime".into(), "multi".into()]));
        assert_eq!(demo_args(&["check", "threading"]), (20, vec![]));
    }
}
