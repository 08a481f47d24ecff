//! `cargo xtask exercise` with no name: the exercises in the suggested order, each with its
//! state, lesson, file and bug, then how far along the learner is.

use exercises::Exercise;

/// The table, for `(exercise, done)` rows in order.
pub fn render(rows: &[(&Exercise, bool)]) -> String {
    let name_w = rows.iter().map(|(e, _)| e.name.len()).max().unwrap_or(4);
    let lesson_w = rows.iter().map(|(e, _)| e.lesson.len()).max().unwrap_or(6);
    let mut out = format!(
        "{:>2}  {:<8} {:<name_w$}  {:<lesson_w$}  bug\n",
        "#", "state", "name", "lesson"
    );
    for (i, (e, done)) in rows.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}  {:<8} {:<name_w$}  {:<lesson_w$}  {}\n",
            i + 1,
            if *done { "done" } else { "not yet" },
            e.name,
            e.lesson,
            e.bug
        ));
    }
    let done = rows.iter().filter(|(_, d)| *d).count();
    let next = rows.iter().find(|(_, d)| !d).map(|(e, _)| e);
    out.push_str(&format!("\n{done} of {} done.", rows.len()));
    match next {
        Some(e) => out.push_str(&format!(
            " Next: edit {} and run `cargo xtask exercise {}` (`--hint` for a hint, `--watch` \
             to judge on every save).\n",
            e.file("exercises"),
            e.name
        )),
        None => out.push_str(" All done.\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_shows_every_exercise_in_order_with_its_state_and_the_next_one() {
        let rows: Vec<(&Exercise, bool)> = exercises::EXERCISES
            .iter()
            .enumerate()
            .map(|(i, e)| (e, i == 0))
            .collect();
        let text = render(&rows);
        let first = &exercises::EXERCISES[0];
        let second = &exercises::EXERCISES[1];
        assert!(
            text.contains(&format!(" 1  done     {}", first.name)),
            "{text}"
        );
        assert!(
            text.contains(&format!(" 2  not yet  {}", second.name)),
            "{text}"
        );
        assert!(
            text.contains(&format!("1 of {} done", rows.len())),
            "{text}"
        );
        assert!(
            text.contains(&format!("cargo xtask exercise {}", second.name)),
            "{text}"
        );
    }
}
