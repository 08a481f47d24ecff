//! Every line a cell prints is claimed by its `printed-lines` property: a deleted line fails
//! the check, naming the line; a changed one too, with any knobs.

use interleaving::check_lesson;
use interleaving::testing::{Mutation, assert_holds, assert_printed_lines_name, at, find, record};
use multiprocessing::properties::{properties, spec};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

/// `t` passes, and without line `i` fails `printed-lines` with `needle` in the message.
fn deleting_fails(t: &interleaving::Trace, i: usize, needle: &str) {
    assert_printed_lines_name(t, &spec(), &properties(), &Mutation::Remove(i), &[needle]);
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

/// `t` passes, and with line `i`'s value set to `to` fails `printed-lines` with `needle`.
fn changing_fails(t: &interleaving::Trace, i: usize, to: &str, needle: &str) {
    assert_holds(t, &spec(), &properties());
    let changed = Mutation::SetValue(i, to.to_owned()).apply(t);
    let text = check_lesson(&changed, &spec(), &properties()).to_string();
    assert!(
        text.contains("printed-lines") && text.contains(needle),
        "{needle}:\n{text}"
    );
}

#[test]
fn the_pool_maps_counts_are_claimed_for_any_job_and_workers() {
    // Non-default knobs: sizes [8000, 2000 x4], three workers.
    let t = record(
        BIN,
        &["--cell", "pool-map", "--job", "2000", "--workers", "3"],
    );
    let map = "map(count_primes, [8000, 2000, 2000, 2000, 2000]) = [1007, 303, 303, 303, 303]";
    let line = at(&t, "pool-map", "main", map);
    changing_fails(
        &t,
        line,
        "map(count_primes, [8000, 2000, 2000, 2000, 2000]) = [1007, 303, 303, 303, 302]",
        &format!("missing {map:?} by main"),
    );
    let same = at(
        &t,
        "pool-map",
        "main",
        "same results, same order as sequential: true",
    );
    deleting_fails(
        &t,
        same,
        "missing \"same results, same order as sequential: true\" by main",
    );
}

#[test]
fn the_sieve_agrees_with_the_cells_trial_division() {
    use multiprocessing::primes::count_primes;
    use multiprocessing::properties::primes_below;
    for n in (0..3000).chain([60_000]) {
        assert_eq!(primes_below(n), count_primes(n), "below {n}");
    }
}

#[test]
fn the_queue_cells_lines_follow_items_and_a_changed_one_is_named() {
    // Not the notebook's five: twelve items across the two processes.
    let t = record(BIN, &["--cell", "queue", "--items", "12"]);
    let eleven = at(&t, "queue", "consumer", "Consumed 11");
    changing_fails(
        &t,
        eleven,
        "Consumed 12",
        "missing \"Consumed 11\" by consumer; extra \"Consumed 12\" by consumer",
    );
}
