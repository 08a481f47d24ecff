//! Escaping text for HTML: every value a run printed goes through here, so a demo that prints
//! `<script>` shows it rather than runs it.

/// `s` with `&`, `<`, `>` and `"` escaped, fit for text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A cell's anchor on its page (`cell-torn-lines`).
pub fn anchor(cell: &str) -> String {
    let safe: String = cell
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("cell-{safe}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_value_is_shown_not_run() {
        assert_eq!(
            esc("<script>\"a\" & b</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; b&lt;/script&gt;"
        );
        assert_eq!(anchor("two lanes/<x>"), "cell-two-lanes--x-");
    }
}
