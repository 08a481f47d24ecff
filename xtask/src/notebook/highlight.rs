//! Syntax colouring for the Python and Rust listings, by syntect with its bundled syntaxes and
//! themes (no network, no Oniguruma): one light theme, chosen for contrast in print too.

use anyhow::Context;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::highlighted_html_for_string;
use syntect::parsing::SyntaxSet;

/// The theme: dark text on white, readable on paper and on a projector.
const THEME: &str = "InspiredGitHub";

/// Loaded once per notebook build (the bundled syntaxes take a moment to load).
pub struct Highlighter {
    syntaxes: SyntaxSet,
    theme: Theme,
}

impl Highlighter {
    /// Loads the bundled syntaxes and the theme.
    pub fn new() -> anyhow::Result<Self> {
        let mut themes = ThemeSet::load_defaults();
        let theme = themes
            .themes
            .remove(THEME)
            .with_context(|| format!("syntect has no theme {THEME}"))?;
        Ok(Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            theme,
        })
    }

    /// `code` as a coloured `<pre>` block; `extension` picks the language (`rs`, `py`).
    pub fn html(&self, code: &str, extension: &str) -> anyhow::Result<String> {
        let syntax = self
            .syntaxes
            .find_syntax_by_extension(extension)
            .with_context(|| format!("no syntax for .{extension}"))?;
        highlighted_html_for_string(code, &self.syntaxes, syntax, &self.theme)
            .with_context(|| format!("highlighting .{extension} code"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_and_python_are_coloured_and_escaped() {
        let h = Highlighter::new().unwrap();
        let rs = h.html("fn main() { let x = 1 < 2; }\n", "rs").unwrap();
        assert!(rs.starts_with("<pre"), "{rs}");
        assert!(rs.contains("<span") && rs.contains("&lt;"), "{rs}");
        let py = h.html("def f(n):\n    print(n < 2)\n", "py").unwrap();
        assert!(py.contains("<span") && py.contains("&lt;"), "{py}");
    }
}
