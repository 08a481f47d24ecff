//! One lesson's page: a section per cell, in the notebook's order, each with its Python beside
//! its Rust, the output of one run, the verdicts over N runs, the interleavings seen, the
//! timeline of that run (an SVG file beside the page) and, where there are any, its queue
//! operations and its bench row.

use std::fmt::Write;

use interleaving::Trace;

use super::bench_row::Report;
use super::gather::{CellRuns, LessonRuns};
use super::highlight::Highlighter;
use super::html::{anchor, esc};
use super::{python_source, queue_ops, seen, verdicts};
use crate::{paths, timeline};

/// A timeline draws at most this many events.
const TIMELINE_EVENTS: usize = 600;
/// An output shows at most this many lines.
const OUTPUT_LINES: usize = 300;

/// A page and the files it links to (paths relative to the site's root).
pub struct Page {
    /// The page itself.
    pub html: String,
    /// Its timelines: (relative path, SVG).
    pub files: Vec<(String, String)>,
    /// Whether every cell kept its properties.
    pub ok: bool,
}

/// The head every page shares.
pub fn head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"notebook.css\">\n</head>\n<body>\n",
        esc(title)
    )
}

/// The end every page shares: the optional script.
pub const FOOT: &str = "<script src=\"notebook.js\" defer></script>\n</body>\n</html>\n";

/// Renders `lesson`'s page. `prev`/`next` name the neighbouring lessons' pages.
pub fn render(
    lesson: &LessonRuns,
    hl: &Highlighter,
    bench: Option<&Report>,
    neighbours: (Option<&str>, Option<&str>),
) -> anyhow::Result<Page> {
    let name = lesson.demo.name;
    let mut s = head(&format!("{name}: the lab notebook"));
    let mut links = vec!["<a href=\"index.html\">All lessons</a>".to_owned()];
    if let Some(p) = neighbours.0 {
        links.push(format!("<a href=\"{p}.html\" rel=\"prev\">← {p}</a>"));
    }
    if let Some(n) = neighbours.1 {
        links.push(format!("<a href=\"{n}.html\" rel=\"next\">{n} →</a>"));
    }
    let _ = writeln!(s, "<nav aria-label=\"Lessons\">{}</nav>", links.join(" · "));
    let _ = writeln!(s, "<main>\n<h1>The {name} lesson</h1>");
    let runs = lesson.cells.first().map_or(0, |c| c.tally.runs);
    let python_note = match &lesson.python.runs {
        Ok(t) => format!(
            "its Python reference ran {} times, checked by the same properties",
            t.runs
        ),
        Err(why) => format!("Python: {why}"),
    };
    let _ = writeln!(
        s,
        "<p class=\"meta\">Built by <code>cargo xtask notebook</code> from real runs: each cell ran \
         {runs} times on its own (<code>{name} --trace --cell NAME</code>), judged by the \
         lesson's properties; {}.</p>",
        esc(&python_note)
    );
    let _ = writeln!(
        s,
        "<nav aria-label=\"Cells\"><h2 class=\"toc\">Cells</h2><ol>"
    );
    for c in &lesson.cells {
        let _ = writeln!(
            s,
            "<li><a href=\"#{}\">{}</a>: {}</li>",
            anchor(&c.listed.name),
            esc(&c.listed.name),
            esc(&c.listed.title)
        );
    }
    let _ = writeln!(s, "</ol></nav>");
    let mut files = Vec::new();
    let mut ok = true;
    for (i, c) in lesson.cells.iter().enumerate() {
        let cell_ok = verdicts::cell_ok(c);
        ok &= cell_ok;
        s.push_str(&section(lesson, i, c, cell_ok, hl, bench, &mut files)?);
    }
    s.push_str("</main>\n");
    s.push_str(FOOT);
    Ok(Page { html: s, files, ok })
}

fn section(
    lesson: &LessonRuns,
    i: usize,
    c: &CellRuns,
    ok: bool,
    hl: &Highlighter,
    bench: Option<&Report>,
    files: &mut Vec<(String, String)>,
) -> anyhow::Result<String> {
    let name = lesson.demo.name;
    let cell = c.listed.name.as_str();
    let id = anchor(cell);
    let python_src = lesson
        .python
        .script
        .as_ref()
        .and_then(|(file, text)| Some((file, python_source::for_cell(text, cell)?)));
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<section class=\"cell\" id=\"{id}\" aria-labelledby=\"h-{id}\" data-python=\"{}\">",
        if python_src.is_some() { "yes" } else { "no" }
    );
    let _ = writeln!(
        s,
        "<h2 id=\"h-{id}\">{}. {}: {}</h2>",
        i + 1,
        esc(cell),
        esc(&c.listed.title)
    );
    let verdict = if ok {
        "<span class=\"held\">every property kept</span>"
    } else {
        "<span class=\"violated\">a property failed</span>"
    };
    let _ = writeln!(
        s,
        "<p class=\"meta\">Notebook: {} · file <code>{}</code> · {verdict}</p>",
        esc(&c.listed.notebook),
        esc(&c.listed.file)
    );

    let _ = writeln!(s, "<h3>Python beside Rust</h3>\n<div class=\"pair\">");
    match &python_src {
        Some((file, code)) => {
            let _ = writeln!(
                s,
                "<figure class=\"python\"><figcaption>Python: reference/python/{}</figcaption>\
                 <details open><summary>the Python</summary>{}</details></figure>",
                esc(file),
                hl.html(code, "py")?
            );
        }
        None => {
            let _ = writeln!(
                s,
                "<figure class=\"python\"><figcaption>Python</figcaption><p>The notebook has no \
                 Python for this cell: the reference script does not have it.</p></figure>"
            );
        }
    }
    let rust = std::fs::read_to_string(paths::root().join(&c.listed.file))
        .unwrap_or_else(|e| format!("// {} could not be read: {e}\n", c.listed.file));
    let _ = writeln!(
        s,
        "<figure class=\"rust\"><figcaption>Rust: {}</figcaption>\
         <details open><summary>the Rust</summary>{}</details></figure>\n</div>",
        esc(&c.listed.file),
        hl.html(&rust, "rs")?
    );

    let _ = writeln!(s, "<h3>Output of one run</h3>");
    match &c.one {
        Ok(trace) => {
            let text = first_lines(&trace.output_text(), OUTPUT_LINES);
            if text.is_empty() {
                let _ = writeln!(
                    s,
                    "<pre class=\"output\">(this cell prints nothing: its events are in the timeline)</pre>"
                );
            } else {
                let _ = writeln!(s, "<pre class=\"output\">{}</pre>", esc(&text));
            }
        }
        Err(why) => {
            let _ = writeln!(
                s,
                "<pre class=\"output\">(no output: the run {})</pre>",
                esc(why)
            );
        }
    }

    let _ = writeln!(s, "<h3>Verdicts over {} runs</h3>", c.tally.runs);
    let python = lesson.python.runs.as_ref().ok();
    s.push_str(&verdicts::render(lesson.demo, &lesson.spec, c, python));

    let _ = writeln!(s, "<h3>Interleavings</h3>");
    s.push_str(&seen::render(cell, &c.tally, python));

    if let Ok(whole) = &c.one {
        // A long run (many-to-many's thousands of events) would make an SVG of megabytes that
        // no one can read: its first events stand for it, and the page says so.
        let cut = whole.lines.len() > TIMELINE_EVENTS;
        let shown = Trace {
            lines: whole.lines.iter().take(TIMELINE_EVENTS).cloned().collect(),
        };
        let trace = &shown;
        let what = if cut {
            format!(
                "the first {TIMELINE_EVENTS} of its {} events",
                whole.lines.len()
            )
        } else {
            format!("{} events", whole.lines.len())
        };
        let title = format!("{name}, cell {cell}: one run, {what}");
        let svg = timeline::render_svg(trace, &title)?;
        let file = format!(
            "{name}/{}.svg",
            cell.replace(|ch: char| !ch.is_ascii_alphanumeric(), "-")
        );
        let actors = lanes(trace);
        let alt = format!(
            "Timeline of one run of the {cell} cell, {what}: a lane per actor ({}), events left \
             to right in time; arrows show what happened before what, bars show operations and \
             thread lives.",
            actors.join(", ")
        );
        let _ = writeln!(
            s,
            "<h3>Timeline of that run</h3>\n<figure><div class=\"timeline\"><img src=\"{file}\" \
             alt=\"{}\"></div><figcaption class=\"meta\"><a class=\"full-size\" href=\"{file}\">\
             The timeline at full size</a></figcaption></figure>",
            esc(&alt)
        );
        files.push((file, svg));
        if let Some(ops) = queue_ops::render(trace) {
            let _ = writeln!(s, "<h3>Queue operations as intervals</h3>\n{ops}");
        }
    }
    if let Some(report) = bench {
        let rows = report.rows_for(name, cell);
        if !rows.is_empty() {
            let _ = writeln!(
                s,
                "<h3>Measured</h3>\n<div class=\"wide\"><table class=\"bench\"><caption class=\"meta\">From {}: \
                 median [min–max] of paired samples</caption><thead><tr>",
                esc(&report.source)
            );
            for h in &report.header {
                // The report's unnamed column holds its flags (*noise*).
                let h = if h.is_empty() { "flag" } else { h.as_str() };
                let _ = write!(s, "<th scope=\"col\">{}</th>", esc(h));
            }
            let _ = writeln!(s, "</tr></thead><tbody>");
            for row in rows {
                let cells: String = row
                    .iter()
                    .take(report.header.len())
                    .map(|v| format!("<td>{}</td>", esc(v)))
                    .collect();
                let _ = writeln!(s, "<tr>{cells}</tr>");
            }
            let _ = writeln!(s, "</tbody></table></div>");
        }
    }
    let _ = writeln!(s, "</section>");
    Ok(s)
}

/// The first `n` lines of `text`, and how many were left out.
fn first_lines(text: &str, n: usize) -> String {
    let total = text.lines().count();
    if total <= n {
        return text.to_owned();
    }
    let mut kept: String = text.split_inclusive('\n').take(n).collect();
    kept.push_str(&format!("… and {} more lines\n", total - n));
    kept
}

/// The actors of a trace, in order of appearance, for the timeline's alt text.
fn lanes(trace: &Trace) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for l in &trace.lines {
        let a = l.event.actor.as_str();
        if a != "lesson" && !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_output_is_cut_and_says_so_while_torn_lines_stay_torn() {
        assert_eq!(
            first_lines("Square:Cube: 4\n 27\n", 5),
            "Square:Cube: 4\n 27\n"
        );
        let long: String = (0..10).map(|i| format!("{i}\n")).collect();
        assert_eq!(first_lines(&long, 3), "0\n1\n2\n… and 7 more lines\n");
    }
}
