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

#[test]
fn the_schedulers_countdowns_are_claimed_for_any_tasks_and_steps() {
    let bin = env!("CARGO_BIN_EXE_coroutines");
    for knobs in [&[][..], &["--tasks", "5", "--steps", "3"][..]] {
        let t = record(bin, &[&["--cell", "scheduler"][..], knobs].concat());
        assert_holds(&t, &spec(), &properties());
    }
    let t = record(
        bin,
        &["--cell", "scheduler", "--tasks", "4", "--steps", "6"],
    );
    // task-3 counts down from 4: its "task-3: 2" deleted, or changed, is named.
    let line = at(&t, "scheduler", "task-3", "task-3: 2");
    for m in [
        Mutation::Remove(line),
        Mutation::SetValue(line, "task-3: 7".into()),
    ] {
        let text = check_lesson(&m.apply(&t), &spec(), &properties()).to_string();
        assert!(
            text.contains("printed-lines") && text.contains("missing \"task-3: 2\" by task-3"),
            "{m}: {text}"
        );
    }
}
