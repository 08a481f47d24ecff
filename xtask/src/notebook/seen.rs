//! What N runs of a cell saw: how many distinct interleavings and outputs, the commonest
//! outputs, and the histograms `explore` draws of what the lesson records without asserting
//! ("where Hello fell"), Python's beside Rust's where the reference records them too.

use std::fmt::Write;

use interleaving::shorten::one_line;

use super::html::esc;
use crate::explore::histogram;
use crate::judge::Tally;

/// The interleavings section's body, as HTML.
pub fn render(cell: &str, rust: &Tally, python: Option<&Tally>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<p>{} distinct interleavings of events and {} distinct outputs in {} runs.</p>",
        rust.interleavings.len(),
        rust.outputs.len(),
        rust.runs
    );
    let mut common: Vec<(usize, &str)> = rust
        .outputs
        .values()
        .map(|(n, text)| (*n, text.as_deref().unwrap_or("(text not kept)")))
        .collect();
    common.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    if common.len() > 1 {
        let mut text = String::new();
        for (count, out) in common.iter().take(6) {
            let pct = 100.0 * *count as f64 / rust.runs.max(1) as f64;
            let _ = writeln!(text, "{count:>4} runs {pct:>5.1}%  {}", one_line(out, 100));
        }
        let _ = writeln!(
            s,
            "<figure><figcaption>The commonest outputs (⏎ = newline)</figcaption>\
             <pre class=\"histogram\">{}</pre></figure>",
            esc(&text)
        );
    }
    let suffix = format!(" [{cell}]");
    for (name, values) in &rust.observed {
        let Some(what) = name.strip_suffix(&suffix) else {
            continue;
        };
        let _ = write!(
            s,
            "<figure><figcaption>{} (recorded, not asserted), Rust</figcaption>\
             <pre class=\"histogram\">{}</pre></figure>",
            esc(what),
            esc(&histogram(values, rust.runs))
        );
        if let Some(p) = python.and_then(|p| p.observed.get(name).map(|v| (p, v))) {
            let _ = write!(
                s,
                "<figure><figcaption>{}, Python</figcaption>\
                 <pre class=\"histogram\">{}</pre></figure>",
                esc(what),
                esc(&histogram(p.1, p.0.runs))
            );
        }
    }
    s
}
