//! Every line a cell prints is claimed by its `printed-lines` property: a line that lost its
//! closing newline fails the check, naming the line.

use interleaving::check_lesson;
use interleaving::testing::{
    Mutation, assert_holds, assert_printed_lines_name, at, at_kind, find, find_all, record,
};
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

const BIN: &str = env!("CARGO_BIN_EXE_threading");

/// `t` passes, and `m` applied to it fails `printed-lines` with `needle` in the message.
fn fails_naming(t: &interleaving::Trace, m: Mutation, needle: &str) {
    assert_printed_lines_name(t, &spec(), &properties(), &m, &[needle]);
}

#[test]
fn the_counters_lines_are_claimed_for_any_threads_and_adds() {
    let t = record(
        BIN,
        &[
            "--cell",
            "shared-counter",
            "--threads",
            "3",
            "--adds",
            "500",
        ],
    );
    let mutex = at(
        &t,
        "shared-counter",
        "main",
        "Mutex<u64>, lock, += 1 expected      1500, got      1500, lost 0",
    );
    fails_naming(
        &t,
        Mutation::Remove(mutex),
        "missing \"Mutex<u64>, lock, += 1 expected      1500, got      1500, lost 0\" by main",
    );
    // The racy line's figures are the ones its `count` event recorded, however many it lost.
    let racy = find(&t, "shared-counter", |e| {
        e.actor == "main" && e.value.starts_with("load, store(n + 1)")
    });
    let changed = t.lines[racy].event.value.replace("lost ", "lost 1");
    fails_naming(
        &t,
        Mutation::SetValue(racy, changed.clone()),
        &format!("extra {changed:?} by main"),
    );
}

#[test]
fn the_no_gil_count_is_claimed_by_an_independent_sieve() {
    let t = record(
        BIN,
        &[
            "--cell",
            "no-gil",
            "--workers",
            "3",
            "--primes-below",
            "20000",
        ],
    );
    let one = find(&t, "no-gil", |e| {
        e.actor == "main" && e.value.starts_with("1 thread:")
    });
    // 2262 primes below 20000; a count one off fails, naming the pattern that still holds.
    let wrong = t.lines[one]
        .event
        .value
        .replace("2262 primes", "2261 primes");
    fails_naming(
        &t,
        Mutation::SetValue(one, wrong),
        "missing like \"1 thread:   2262 primes below 20000 in * ms\" by main",
    );
    let speedup = find(&t, "no-gil", |e| {
        e.actor == "main" && e.value.starts_with("speedup")
    });
    fails_naming(&t, Mutation::Remove(speedup), "missing \"speedup ");
}

#[test]
fn a_consumers_line_deleted_or_doubled_fails_whoever_printed_it() {
    let t = record(BIN, &["--cell", "condition"]);
    let got = find(&t, "condition", |e| {
        e.actor.starts_with("consumer-") && e.value.ends_with(" got 5")
    });
    fails_naming(
        &t,
        Mutation::Remove(got),
        "missing \"{actor} got 5\" among consumer-1|consumer-2|consumer-3",
    );
    fails_naming(&t, Mutation::Duplicate(got), "extra \"consumer-");
    let said = at(
        &t,
        "condition",
        "producer",
        "producer: put 2, notify(2) woke 2",
    );
    fails_naming(
        &t,
        Mutation::SetValue(said, "producer: put 2, notify(2) woke 3".into()),
        "extra \"producer: put 2, notify(2) woke 3\" by producer",
    );
}

#[test]
fn a_barrier_threads_index_is_the_one_its_event_recorded() {
    let t = record(BIN, &["--cell", "barrier"]);
    let passed = find(&t, "barrier", |e| {
        e.actor == "barrier-2" && e.value.starts_with("barrier-2 passed round 2:")
    });
    let index = find(&t, "barrier", |e| {
        e.actor == "barrier-2" && e.kind == "index" && e.value.starts_with("round=2 ")
    });
    let drawn = t.lines[index]
        .event
        .value
        .rsplit('=')
        .next()
        .unwrap()
        .to_owned();
    let other = if drawn == "0" { "1" } else { "0" };
    fails_naming(
        &t,
        Mutation::SetValue(
            passed,
            format!("barrier-2 passed round 2: wait() returned {other}"),
        ),
        &format!("missing \"barrier-2 passed round 2: wait() returned {drawn}\" by barrier-2"),
    );
    let broken = at(&t, "barrier", "main", "broken is True");
    fails_naming(
        &t,
        Mutation::Remove(broken),
        "missing \"broken is True\" by main",
    );
}

#[test]
fn the_lock_cells_std_mutex_line_is_asked_of_rust_only() {
    let t = record(BIN, &["--cell", "lock"]);
    let std_line = at(
        &t,
        "lock",
        "main",
        "std Mutex after the same panic: poisoned is True",
    );
    fails_naming(
        &t,
        Mutation::Remove(std_line),
        "missing \"std Mutex after the same panic: poisoned is True\" by main",
    );
    // Python's run: no `std_mutex` knob and no such line; its other lines are the same.
    // (Main's last line takes the std line's place, so main's seq still runs 0, 1, 2.)
    let knob = at_kind(&t, "lock", "lesson", "knob");
    let released = "released by another thread: True; acquire(blocking=False) returned True";
    let last = at(&t, "lock", "main", released);
    let python_like = Mutation::All(vec![
        Mutation::Remove(last),
        Mutation::SetValue(std_line, released.into()),
        Mutation::SetValue(knob, String::new()),
    ])
    .apply(&t);
    assert_holds(&python_like, &spec(), &properties());
    let turn = at(&t, "lock", "lock-b", "lock-b: turn 3");
    fails_naming(
        &t,
        Mutation::Remove(turn),
        "missing \"lock-b: turn 3\" by lock-b",
    );
}

#[test]
fn the_sieve_agrees_with_the_cells_trial_division() {
    use threading::primes::{count_by_sieve, count_sequential};
    for n in (0..3000).chain([100_000, 100_001, 100_003]) {
        assert_eq!(count_by_sieve(n), count_sequential(n), "below {n}");
    }
}
