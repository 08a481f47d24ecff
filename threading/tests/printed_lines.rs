//! Every line a cell prints is claimed by its `printed-lines` property: a line that lost its
//! closing newline fails the check, naming the line.

use interleaving::check_lesson;
use interleaving::testing::{Mutation, assert_holds, find_all, record};
use threading::properties::{properties, spec};

#[test]
fn a_torn_lines_closing_newline_deleted_fails_naming_the_line() {
    let t = record(env!("CARGO_BIN_EXE_threading"), &["--cell", "torn-lines"]);
    assert_holds(&t, &spec(), &properties());
    let newline = *find_all(&t, "torn-lines", |e| {
        e.actor == "pieces-square" && e.value == "\n"
    })
    .last()
    .expect("the thread's closing newline");
    let report = check_lesson(&Mutation::Remove(newline).apply(&t), &spec(), &properties());
    let text = report.to_string();
    assert!(
        text.contains("printed-lines") && text.contains("(no closing newline)\" by pieces-square"),
        "{text}"
    );
}
