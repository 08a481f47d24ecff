//! Every line a cell prints is claimed by its `printed-lines` property: in a real run, a line
//! deleted or changed fails the check, naming the line, and with other knobs the property
//! still holds (its lines come from the cell's `knob` event).

use asyncio::properties::{properties, spec};
use interleaving::testing::{
    Mutation, assert_holds, assert_printed_lines_name, at, at_kind, find, record, remove_last,
};
use interleaving::{Trace, check_lesson};

const BIN: &str = env!("CARGO_BIN_EXE_asyncio");

/// `t` passes, and `m` applied to it fails `printed-lines` with `needle` in the message.
fn fails_naming(t: &Trace, m: Mutation, needle: &str) {
    assert_printed_lines_name(t, &spec(), &properties(), &m, &[needle]);
}

#[test]
fn every_actors_last_line_deleted_fails_in_every_cell_with_any_knobs() {
    let runs: [&[&str]; 2] = [
        &[],
        &[
            "--runtime",
            "multi",
            "--tasks",
            "3",
            "--sleep-ms",
            "5",
            "--workers",
            "2",
            "--permits",
            "1",
            "--items",
            "7",
            "--capacity",
            "2",
            "--clients",
            "5",
        ],
    ];
    let cells: Vec<&str> = asyncio::cells::LESSON
        .cells
        .iter()
        .map(|c| c.name)
        .collect();
    for args in runs {
        let t = record(BIN, args);
        assert_holds(&t, &spec(), &properties());
        let cuts = remove_last(&t, &cells);
        // lazy-coroutines' coroutine, wait-for's three tasks: more actors than cells.
        assert!(cuts.len() > cells.len(), "{cuts:?}");
        for m in cuts {
            let Mutation::Remove(i) = m else {
                unreachable!()
            };
            let line = &t.lines[i].event;
            let text = check_lesson(&m.apply(&t), &spec(), &properties()).to_string();
            assert!(
                text.contains("VIOLATED  printed-lines") && text.contains("missing "),
                "{args:?}: removing {:?} by {}:\n{text}",
                line.value,
                line.actor
            );
        }
    }
}

#[test]
fn a_changed_count_fails_naming_the_line_the_knobs_call_for() {
    let t = record(
        BIN,
        &[
            "--cell",
            "queue-family",
            "--items",
            "7",
            "--runtime",
            "multi",
        ],
    );
    let both = "PriorityQueue: 2 producers put 14 items, 2 consumers got 14";
    let line = at(&t, "queue-family", "main", both);
    fails_naming(
        &t,
        Mutation::SetValue(
            line,
            "PriorityQueue: 2 producers put 14 items, 2 consumers got 13".into(),
        ),
        &format!("missing {both:?} by main"),
    );
    let lifo = at(
        &t,
        "queue-family",
        "main",
        "LifoQueue: put 3 1 4 0 2, got 2 0 4 1 3",
    );
    fails_naming(
        &t,
        Mutation::SetValue(lifo, "LifoQueue: put 3 1 4 0 2, got 3 0 4 1 2".into()),
        "extra \"LifoQueue: put 3 1 4 0 2, got 3 0 4 1 2\" by main",
    );
}

#[test]
fn a_measured_line_keeps_what_the_knobs_fix() {
    let t = record(
        BIN,
        &[
            "--cell",
            "concurrent-sleeps",
            "--tasks",
            "3",
            "--sleep-ms",
            "5",
        ],
    );
    let gathered = find(&t, "concurrent-sleeps", |e| {
        e.actor == "main" && e.value.starts_with("gathered:")
    });
    let four = t.lines[gathered]
        .event
        .value
        .replace("3 sleeps", "4 sleeps");
    fails_naming(
        &t,
        Mutation::SetValue(gathered, four),
        "missing like \"gathered:   3 sleeps of 5.0 ms together took * ms (*x faster)\" by main",
    );
    let t = record(
        BIN,
        &["--cell", "semaphore", "--workers", "2", "--permits", "1"],
    );
    let most = at(
        &t,
        "semaphore",
        "main",
        "2 workers, 1 permits: at most 1 were inside at once",
    );
    fails_naming(
        &t,
        Mutation::SetValue(
            most,
            "2 workers, 2 permits: at most 1 were inside at once".into(),
        ),
        "missing like \"2 workers, 1 permits: at most * were inside at once\" by main",
    );
}

#[test]
fn the_orders_printed_are_the_orders_the_steps_ran_in() {
    let t = record(BIN, &["--cell", "determinism"]);
    let current = find(&t, "determinism", |e| {
        e.actor == "main" && e.kind == "print" && e.value.starts_with("current_thread")
    });
    let said = t.lines[current].event.value.clone();
    // The same count, another order: only the trace's steps can tell.
    let (head, order) = said.split_once(" rounds: ").expect("an order");
    let mut steps: Vec<&str> = order.split(' ').collect();
    steps.swap(0, 1);
    let other = format!("{head} rounds: {}", steps.join(" "));
    fails_naming(
        &t,
        Mutation::SetValue(current, other.clone()),
        &format!("missing {said:?} by main; extra {other:?} by main"),
    );
}

#[test]
fn the_servers_account_is_every_client_plus_the_two_that_misbehave() {
    let t = record(BIN, &["--cell", "echo-server", "--clients", "5"]);
    let account = find(&t, "echo-server", |e| {
        e.actor == "main" && e.value.starts_with("server stopped:")
    });
    let more = t.lines[account]
        .event
        .value
        .replace("7 connections", "8 connections");
    fails_naming(
        &t,
        Mutation::SetValue(account, more),
        "missing like \"server stopped: 7 connections (",
    );
}

#[test]
fn pythons_queue_join_says_sentinels_and_rusts_says_shutdown() {
    let t = record(BIN, &["--cell", "queue-join", "--items", "5"]);
    let knob = at_kind(&t, "queue-join", "lesson", "knob");
    let value = t.lines[knob].event.value.clone();
    // Declared a Python run, the Rust lines no longer fit: the sentinel line is asked for.
    let python = value
        .replace("current_thread", "asyncio")
        .replace("multi_thread", "asyncio");
    fails_naming(
        &t,
        Mutation::SetValue(knob, python),
        "missing \"the 3 workers ended on their sentinels (3.11 has no q.shutdown())\" by main",
    );
    let joined = at(
        &t,
        "queue-join",
        "main",
        "q.join() returned: all 5 items processed",
    );
    fails_naming(
        &t,
        Mutation::Remove(joined),
        "missing \"q.join() returned: all 5 items processed\" by main",
    );
}
