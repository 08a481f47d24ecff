//! A cell's verdicts: each property held or violated over the N runs, Rust beside Python
//! where the reference covers the cell, then the lines of the first failing run that broke
//! what it broke (re-checked from the run's own trace by the same checker).

use std::fmt::Write;

use interleaving::{LessonSpec, Outcome, Trace, check_lesson};

use super::gather::{self, CellRuns};
use super::html::esc;
use crate::demos::Demo;
use crate::judge::Tally;

/// The properties reported for `cell`: those of the cell itself, and the rules every trace
/// gets (named without a cell), as `(tally key, property name)`.
pub fn keys<'a>(tally: &'a Tally, cell: &str) -> Vec<(&'a str, &'a str)> {
    let suffix = format!(" [{cell}]");
    tally
        .held
        .keys()
        .filter_map(|k| match k.strip_suffix(&suffix) {
            Some(name) => Some((k.as_str(), name)),
            None if !k.contains(" [") => Some((k.as_str(), k.as_str())),
            None => None,
        })
        .collect()
}

/// Whether the Python reference's runs checked any property of `cell`.
pub fn python_covers(python: &Tally, cell: &str) -> bool {
    let suffix = format!(" [{cell}]");
    python
        .held
        .keys()
        .chain(python.observed.keys())
        .any(|k| k.ends_with(&suffix))
}

/// Whether the cell kept every property it must keep, in every run.
pub fn cell_ok(c: &CellRuns) -> bool {
    let t = &c.tally;
    if t.runs == 0 || t.held.is_empty() || t.hung > 0 {
        return false;
    }
    if c.on_purpose.is_empty() {
        return t.failed == 0;
    }
    keys(t, &c.listed.name).iter().all(|(key, name)| {
        let (held, n) = t.held[*key];
        c.on_purpose.iter().any(|o| (o.property)().name == *name) || (held == n && n == t.runs)
    })
}

fn outcome(held: usize, n: usize) -> String {
    if held == n {
        format!("<span class=\"held\">held</span> in {n} of {n} runs")
    } else {
        format!(
            "<span class=\"violated\">violated</span> in {} of {n} runs",
            n - held
        )
    }
}

/// The verdicts table and the violating lines, as HTML.
pub fn render(demo: &Demo, spec: &LessonSpec, c: &CellRuns, python: Option<&Tally>) -> String {
    let cell = c.listed.name.as_str();
    let t = &c.tally;
    let python = python.filter(|p| python_covers(p, cell));
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<div class=\"wide\"><table class=\"verdicts\"><caption class=\"meta\">{} runs of this cell alone, {}{}</caption>",
        t.runs,
        match t.failed {
            0 => "none failed".to_owned(),
            n if cell_ok(c) => format!("{n} failed only by what the cell breaks on purpose"),
            n => format!("{n} failed"),
        },
        python.map_or(String::new(), |p| format!(
            "; the Python reference: {} runs of the whole script, {} failed",
            p.runs, p.failed
        ))
    );
    let py_head = if python.is_some() {
        "<th scope=\"col\">Python</th>"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "<thead><tr><th scope=\"col\">property</th><th scope=\"col\">Rust</th>{py_head}</tr></thead><tbody>"
    );
    for (key, name) in keys(t, cell) {
        let (held, n) = t.held[key];
        let purpose = c.on_purpose.iter().find(|o| (o.property)().name == name);
        let class = if purpose.is_some() {
            " class=\"on-purpose\""
        } else {
            ""
        };
        let py = python.map_or(String::new(), |p| {
            let v = match p.held.get(key) {
                Some((h, pn)) if *pn > 0 => outcome(*h, *pn),
                _ => "n/a (not in the reference)".to_owned(),
            };
            format!("<td>{v}</td>")
        });
        let _ = writeln!(
            s,
            "<tr{class}><td>{}</td><td>{}</td>{py}</tr>",
            esc(name),
            outcome(held, n)
        );
    }
    let _ = writeln!(s, "</tbody></table></div>");
    for o in &c.on_purpose {
        let _ = writeln!(
            s,
            "<p><strong>Broken on purpose:</strong> {} (<code>{}</code> must be violated: the \
             checker sees it).</p>",
            esc(o.why),
            esc(&(o.property)().name)
        );
    }
    if let Some((why, _, stdout)) = &t.first_failure {
        let _ = writeln!(s, "<h4>The first failing run</h4><p>{}</p>", esc(why));
        let _ = writeln!(s, "{}", violating_lines(demo, spec, cell, stdout));
    }
    s
}

/// The violations of one failing run, each with the trace lines it names.
fn violating_lines(demo: &Demo, spec: &LessonSpec, cell: &str, stdout: &str) -> String {
    let trace = match Trace::parse(stdout) {
        Ok(t) => t,
        Err(e) => return format!("<p>Its trace cannot be read: {}</p>", esc(&e.to_string())),
    };
    let report = check_lesson(&trace, spec, &gather::properties(demo, cell));
    let mut s = String::new();
    for v in report.violations() {
        let Outcome::Violated(why) = &v.outcome else {
            continue;
        };
        let mut text = format!("{v}\n");
        for no in why.lines.iter().take(12) {
            if let Some(l) = trace.lines.iter().find(|l| l.no == *no) {
                text.push_str(&format!(
                    "  line {no}: {}\n",
                    l.event.to_json_line().trim_end()
                ));
            }
        }
        if why.lines.len() > 12 {
            text.push_str(&format!("  ... and {} more lines\n", why.lines.len() - 12));
        }
        let _ = writeln!(s, "<pre class=\"lines\">{}</pre>", esc(&text));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::{Against, judge};
    use crate::notebook::listing::Listed;
    use crate::runner::{Ended, Run};
    use std::time::Duration;

    /// A threading run of the shared-counter cell whose racy counter lost updates: its knobs,
    /// its counts, then main's three lines (the cell's `printed-lines` claims them).
    fn counter_run(racy: u64) -> Run {
        let line = |label: &str, got: u64| {
            format!(
                "{label:<22} expected {:>9}, got {got:>9}, lost {}",
                8,
                8 - got
            )
        };
        let lines: String = Trace::from_steps([
            ("lesson", "lesson", "threading".to_owned()),
            ("lesson", "cell", "shared-counter".to_owned()),
            ("lesson", "knob", "threads=2 adds=4".to_owned()),
            ("main", "count", "mutex expected=8 got=8".to_owned()),
            ("main", "count", "atomic expected=8 got=8".to_owned()),
            ("main", "count", format!("racy expected=8 got={racy}")),
            ("main", "print", line("Mutex<u64>, lock, += 1", 8)),
            ("main", "print", line("AtomicU64::fetch_add", 8)),
            ("main", "print", line("load, store(n + 1)", racy)),
            ("lesson", "end", "threading".to_owned()),
        ])
        .lines
        .iter()
        .map(|l| l.event.to_json_line())
        .collect();
        Run {
            ended: Ended::Exited {
                code: Some(0),
                stdout: lines,
                stderr: String::new(),
            },
            elapsed: Duration::from_millis(3),
        }
    }

    fn cell_runs(racy: &[u64]) -> (CellRuns, &'static Demo, LessonSpec) {
        let demo = crate::demos::find("threading").unwrap();
        let spec = (demo.spec)();
        let props = gather::properties(demo, "shared-counter");
        let mut tally = Tally::default();
        for r in racy {
            let against = Against {
                spec: &spec,
                properties: &props,
            };
            tally.add(judge(
                counter_run(*r),
                against,
                Duration::from_secs(1),
                false,
            ));
        }
        let c = CellRuns {
            listed: Listed {
                name: "shared-counter".into(),
                notebook: "new".into(),
                file: "threading/src/cells/shared_counter.rs".into(),
                title: "t".into(),
            },
            tally,
            one: Err("not run".into()),
            on_purpose: super::super::on_purpose::in_cell("threading", "shared-counter"),
        };
        (c, demo, spec)
    }

    #[test]
    fn a_page_shows_the_property_its_broken_cell_violates_with_the_lines() {
        let (c, demo, spec) = cell_runs(&[5, 8]);
        let html = render(demo, &spec, &c, None);
        assert!(
            html.contains("<tr class=\"on-purpose\"><td>racy-counter-exact</td><td><span class=\"violated\">violated</span> in 1 of 2 runs"),
            "{html}"
        );
        assert!(
            html.contains("mutex-counter-exact</td><td><span class=\"held\">held</span> in 2 of 2"),
            "{html}"
        );
        assert!(html.contains("VIOLATED  racy-counter-exact"), "{html}");
        assert!(
            html.contains("line 6: {"),
            "the violating line itself: {html}"
        );
        assert!(cell_ok(&c), "a violation on purpose is no failure");
    }

    #[test]
    fn a_property_the_cell_must_keep_fails_the_cell() {
        let (mut c, _, _) = cell_runs(&[8]);
        assert!(cell_ok(&c));
        let slot = c
            .tally
            .held
            .get_mut("mutex-counter-exact [shared-counter]")
            .unwrap();
        slot.0 = 0;
        assert!(!cell_ok(&c));
    }
}
