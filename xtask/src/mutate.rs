//! `cargo xtask mutate [NAME] [--per N]`: the checker checked. Each demo's real run is
//! recorded, then broken in every way no run can show (a line lost, doubled, reordered within
//! its actor, moved after its actor's join, two runs glued, a run cut short...; see
//! `interleaving::testing::must_fail`), at up to N positions per class. Every variant must fail
//! the demo's check; the first that passes is written to a file to read. Two classes are about
//! the clock: `swap-gets` (two clock-ordered gets swap their items: must fail) and `ret-later`
//! (a `ret` line lands later, its `t_ns` kept: must *pass*, since only where the line landed
//! changed; `interleaving::testing::{swap_gets, ret_later}`). And `remove-last`: in a cell
//! with a `printed-lines` property, an actor's last line of output removed (must fail).

use std::fmt::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use interleaving::testing::{
    CLASSES, Mutation, REMOVE_LAST, RET_LATER, SWAP_GETS, must_fail, remove_last, ret_later,
    swap_gets,
};
use interleaving::{Trace, check_lesson};

use crate::demos::Demo;
use crate::paths;
use crate::runner::{Ended, run_once};

/// Every class, in the table's order: the must-fail ones, then the must-pass one.
pub fn classes() -> Vec<&'static str> {
    CLASSES
        .iter()
        .copied()
        .chain([SWAP_GETS, REMOVE_LAST, RET_LATER])
        .collect()
}

/// The name of the property that claims a cell's printed lines (`interleaving::printed`).
const PRINTED_LINES: &str = "printed-lines";

/// Whether variants of `class` must pass the check (else they must fail).
fn must_pass(class: &str) -> bool {
    class == RET_LATER
}

/// One demo's result: per class, (as expected, tried), and the first variant that was not.
pub struct Outcome {
    /// The demo.
    pub demo: &'static str,
    /// Per class of [`classes`], in order: (caught, or passed for a must-pass class; tried).
    pub counts: Vec<(usize, usize)>,
    /// The first mutation whose verdict was wrong, its class, and where its trace was written.
    pub missed: Option<(Mutation, &'static str, PathBuf)>,
}

/// Records one run of `demo`, which must pass its own check.
fn record(demo: &Demo, timeout: Duration) -> anyhow::Result<Trace> {
    let mut cmd = Command::new(paths::release_bin(demo.name));
    cmd.arg("--trace");
    let run = run_once(&mut cmd, timeout).with_context(|| format!("running {}", demo.name))?;
    let Ended::Exited {
        code: Some(0),
        stdout,
        ..
    } = run.ended
    else {
        bail!(
            "{}: the run to mutate did not end well: {:?}",
            demo.name,
            run.ended
        );
    };
    let trace = Trace::parse(&stdout).with_context(|| format!("reading {}'s trace", demo.name))?;
    let report = check_lesson(&trace, &(demo.spec)(), &(demo.properties)());
    if !report.is_ok() {
        bail!(
            "{}: the recorded run itself fails its check:\n{report}",
            demo.name
        );
    }
    Ok(trace)
}

/// Up to `per` of `items`, spread evenly (first and last included).
fn spread<T: Clone>(items: &[T], per: usize) -> Vec<T> {
    if items.len() <= per {
        return items.to_vec();
    }
    (0..per)
        .map(|k| items[k * (items.len() - 1) / (per - 1).max(1)].clone())
        .collect()
}

/// Mutates one demo's recorded run and checks every variant.
pub fn mutate(demo: &'static Demo, per: usize, timeout: Duration) -> anyhow::Result<Outcome> {
    let run = record(demo, timeout)?;
    let (spec, properties) = ((demo.spec)(), (demo.properties)());
    let mut all = must_fail(&run);
    all.extend(swap_gets(&run).into_iter().map(|m| (SWAP_GETS, m)));
    all.extend(ret_later(&run).into_iter().map(|m| (RET_LATER, m)));
    // Where a cell's printed lines are claimed, an actor's last one must not vanish unseen.
    let claimed: Vec<&str> = properties
        .iter()
        .filter(|p| p.name == PRINTED_LINES)
        .filter_map(|p| p.cell.as_deref())
        .collect();
    all.extend(
        remove_last(&run, &claimed)
            .into_iter()
            .map(|m| (REMOVE_LAST, m)),
    );
    let mut counts = Vec::new();
    let mut missed = None;
    for class in classes() {
        let of_class: Vec<Mutation> = all
            .iter()
            .filter(|(c, _)| *c == class)
            .map(|(_, m)| m.clone())
            .collect();
        let chosen = spread(&of_class, per);
        let mut right = 0;
        for m in &chosen {
            let variant = m.apply(&run);
            if check_lesson(&variant, &spec, &properties).is_ok() == must_pass(class) {
                right += 1;
            } else if missed.is_none() {
                missed = Some((m.clone(), class, save(demo.name, class, &variant)?));
            }
        }
        counts.push((right, chosen.len()));
    }
    Ok(Outcome {
        demo: demo.name,
        counts,
        missed,
    })
}

fn save(demo: &str, class: &str, trace: &Trace) -> anyhow::Result<PathBuf> {
    let dir = paths::target_dir().join("xtask").join("mutate");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("{demo}-{class}.jsonl"));
    let text: String = trace.lines.iter().map(|l| l.event.to_json_line()).collect();
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// The table: a row per demo, a column per class, `caught/tried`; then every miss.
pub fn render(outcomes: &[Outcome]) -> String {
    let mut s = String::new();
    let _ = write!(s, "{:<18}", "demo");
    for c in classes() {
        let c = if must_pass(c) {
            format!("{c} (pass)")
        } else {
            c.to_owned()
        };
        let _ = write!(s, " {c:>17}");
    }
    s.push('\n');
    for o in outcomes {
        let _ = write!(s, "{:<18}", o.demo);
        for (caught, tried) in &o.counts {
            let cell = if tried == &0 {
                "-".to_owned()
            } else {
                format!("{caught}/{tried}")
            };
            let _ = write!(s, " {cell:>17}");
        }
        s.push('\n');
    }
    for o in outcomes {
        if let Some((m, class, path)) = &o.missed {
            let what = if must_pass(class) {
                "the variant, which only moved a line, failed its check"
            } else {
                "the variant passed its check"
            };
            let _ = writeln!(
                s,
                "\n{}: MISSED `{m}` ({class}): {what}. Read it: {}\n\
                 (re-check it with `cargo xtask check {} --trace {}`)",
                o.demo,
                path.display(),
                o.demo,
                path.display()
            );
        }
    }
    let (caught, tried) = outcomes
        .iter()
        .flat_map(|o| &o.counts)
        .fold((0, 0), |(c, t), (a, b)| (c + a, t + b));
    let _ = writeln!(
        s,
        "\n{caught} of {tried} variants judged as they must be (must-fail caught, must-pass passed)"
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_keeps_the_ends_and_at_most_per() {
        let v: Vec<usize> = (0..100).collect();
        let s = spread(&v, 5);
        assert_eq!(s.len(), 5);
        assert_eq!((s[0], s[4]), (0, 99));
        assert_eq!(spread(&v[..3], 5), vec![0, 1, 2]);
    }

    #[test]
    fn a_miss_is_shown_with_its_file() {
        let o = Outcome {
            demo: "threading",
            counts: vec![(1, 2); classes().len()],
            missed: Some((Mutation::Remove(3), "remove", PathBuf::from("/tmp/x.jsonl"))),
        };
        let t = render(&[o]);
        assert!(
            t.contains("1/2") && t.contains("MISSED `remove line 4`"),
            "{t}"
        );
        assert!(t.contains("/tmp/x.jsonl"), "{t}");
    }
}
