//! The site's front page: every lesson in the notebook's order, with a link to its page and
//! what its runs showed (or why it was skipped).

use std::fmt::Write;

use super::html::esc;
use super::page::{FOOT, head};

/// One lesson as the index lists it.
pub struct Entry {
    /// The lesson's name (its page is `NAME.html`).
    pub name: &'static str,
    /// What its runs showed, or why it has no page (`Err`).
    pub status: Result<String, String>,
}

/// The index page.
pub fn render(entries: &[Entry], runs: usize) -> String {
    let mut s = head("The lab notebook");
    let _ = writeln!(
        s,
        "<main>\n<h1>The lab notebook</h1>\n<p>The concurrency notebook, one page per lesson: \
         each cell's Python beside its Rust, the output of one real run, and what the checker \
         said about {runs} runs of it. Built by <code>cargo xtask notebook</code>; it needs no \
         server and no network.</p>\n<h2>Lessons</h2>\n<ol class=\"lessons\">"
    );
    for e in entries {
        match &e.status {
            Ok(what) => {
                let _ = writeln!(
                    s,
                    "<li><a href=\"{0}.html\">{0}</a>: {1}</li>",
                    e.name,
                    esc(what)
                );
            }
            Err(why) => {
                let _ = writeln!(s, "<li>{}: skipped: {}</li>", e.name, esc(why));
            }
        }
    }
    s.push_str("</ol>\n</main>\n");
    s.push_str(FOOT);
    s
}
