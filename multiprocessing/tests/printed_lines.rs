//! Every line a cell prints is claimed by its `printed-lines` property: a deleted line fails
//! the check, naming the line.

use interleaving::check_lesson;
use interleaving::testing::{Mutation, assert_holds, at, find, record};
use multiprocessing::properties::{properties, spec};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

/// `t` passes, and without line `i` fails `printed-lines` with `needle` in the message.
fn deleting_fails(t: &interleaving::Trace, i: usize, needle: &str) {
    assert_holds(t, &spec(), &properties());
    let text = check_lesson(&Mutation::Remove(i).apply(t), &spec(), &properties()).to_string();
    assert!(
        text.contains("printed-lines") && text.contains(needle),
        "{needle}:\n{text}"
    );
}

#[test]
fn the_forked_childs_own_line_deleted_fails_naming_it() {
    let t = record(BIN, &["--cell", "fork-buffer-trap"]);
    let own = find(&t, "fork-buffer-trap", |e| e.actor == "fix-child");
    deleting_fails(
        &t,
        own,
        "missing \"fix: the child's own line\" by fix-child",
    );
}

#[test]
fn the_last_published_line_deleted_fails_naming_it() {
    let t = record(BIN, &["--cell", "queue", "--items", "5"]);
    let last = at(&t, "queue", "producer", "Published 4");
    deleting_fails(&t, last, "missing \"Published 4\" by producer");
}
