//! Every line a cell prints is claimed by its `printed-lines` property: a deleted line fails
//! the check, naming the line.

use coroutines::properties::{properties, spec};
use interleaving::check_lesson;
use interleaving::testing::{Mutation, assert_holds, at, record};

#[test]
fn the_averagers_return_value_deleted_fails_naming_it() {
    let t = record(env!("CARGO_BIN_EXE_coroutines"), &["--cell", "averager"]);
    assert_holds(&t, &spec(), &properties());
    let last = at(&t, "averager", "main", "StopIteration: (3, 15.0)");
    let report = check_lesson(&Mutation::Remove(last).apply(&t), &spec(), &properties());
    let text = report.to_string();
    assert!(
        text.contains("printed-lines")
            && text.contains("missing \"StopIteration: (3, 15.0)\" by main"),
        "{text}"
    );
}
