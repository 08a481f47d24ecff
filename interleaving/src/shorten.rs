//! Long values cut to fit one line of a report: a trace's value can be a whole torn paragraph.

/// `text` on one line (each newline shown as `⏎`), cut to `max` characters with a `…` when
/// longer. Counts characters, not bytes, so it never splits a UTF-8 character.
///
/// ```
/// use interleaving::shorten::one_line;
/// assert_eq!(one_line("Square:\nCube: 4", 40), "Square:⏎Cube: 4");
/// assert_eq!(one_line("0123456789", 4), "0123…");
/// assert_eq!(one_line("déjà", 4), "déjà");
/// ```
pub fn one_line(text: &str, max: usize) -> String {
    let flat = text.replace('\n', "⏎");
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
}
