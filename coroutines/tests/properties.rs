//! Every property holds on the real binary's trace and is caught by a named mutation of it,
//! through the shared harness (`interleaving::testing`). Each actor's order is a rule every
//! trace gets, tested in `interleaving`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use coroutines::properties::{properties, spec};
use interleaving::testing::{Mutation, assert_caught, assert_holds, find, record};
use interleaving::{Trace, check};

/// The real trace of a default run.
fn run() -> &'static Trace {
    static RUN: OnceLock<Trace> = OnceLock::new();
    RUN.get_or_init(|| record(env!("CARGO_BIN_EXE_coroutines"), &[]))
}

/// The first line of `cell` by `actor` of `kind` with `value` ("" = any).
fn at(cell: &str, actor: &str, kind: &str, value: &str) -> usize {
    find(run(), cell, |e| {
        (actor.is_empty() || e.actor == actor)
            && (kind.is_empty() || e.kind == kind)
            && (value.is_empty() || e.value == value)
    })
}

/// `name` holds on the real trace, and is violated once `m` has broken it.
fn caught(name: &str, m: Mutation) {
    assert_holds(run(), &spec(), &properties());
    assert_caught(&m.apply(run()), &spec(), &properties(), name);
}

#[test]
fn func2_session_prints_repr_5_stopiteration_closed_repr() {
    caught(
        "func2-session-prints-repr-5-stopiteration-closed-repr",
        Mutation::SetValue(at("func2", "main", "print", "5"), "6".into()),
    );
}

#[test]
fn func2_runs_nothing_before_next() {
    let repr = at("func2", "main", "print", "");
    let y = at("func2", "func2", "yield", "");
    caught(
        "func2-runs-nothing-before-next",
        Mutation::MoveBefore(y, repr),
    );
}

#[test]
fn func2_yields_5_then_returns() {
    let r = at("func2", "func2", "return", "");
    caught("func2-yields-5-then-returns", Mutation::Remove(r));
}

#[test]
fn fancy_name_prints_exactly_cool_utkarsh_cool_gupta_done() {
    let name = "fancy-name-prints-exactly-cool-utkarsh-cool-gupta-done";
    let a = at("fancy-name", "fancy_name", "print", "Cool:Utkarsh");
    let b = at("fancy-name", "fancy_name", "print", "Cool:Gupta");
    caught(
        name,
        Mutation::All(vec![
            Mutation::SetValue(a, "Cool:Gupta".into()),
            Mutation::SetValue(b, "Cool:Utkarsh".into()),
        ]),
    );
    // A missing priming would print nothing at all for Utkarsh: caught too.
    caught(name, Mutation::Remove(a));
}

#[test]
fn fancy_name_primed_before_the_first_send() {
    let y = at("fancy-name", "fancy_name", "yield", "");
    caught(
        "fancy-name-primed-before-the-first-send",
        Mutation::Remove(y),
    );
}

#[test]
fn done_printed_only_after_close() {
    let close = at("fancy-name", "main", "close", "");
    let done = at("fancy-name", "fancy_name", "print", "Done");
    caught(
        "done-printed-only-after-close",
        Mutation::MoveBefore(done, close),
    );
}

#[test]
fn send_before_priming_is_refused_once() {
    let e = at("priming", "main", "error", "");
    caught("send-before-priming-is-refused-once", Mutation::Remove(e));
}

#[test]
fn refused_send_runs_nothing() {
    // The refusal moved after the generator's first event.
    let e = at("priming", "main", "error", "");
    let first = at("priming", "fancy_name", "", "");
    caught("refused-send-runs-nothing", Mutation::MoveAfter(e, first));
}

#[test]
fn next_on_a_consumer_raises_in_the_body_and_finishes_it() {
    let r = at("priming", "fancy_name", "raise", "");
    caught(
        "next-on-a-consumer-raises-in-the-body-and-finishes-it",
        Mutation::All(vec![
            Mutation::SetKind(r, "yield".into()),
            Mutation::SetValue(r, "None".into()),
        ]),
    );
}

#[test]
fn finished_generator_raises_stopiteration() {
    let stop = at("priming", "main", "print", "StopIteration");
    let raise = at("priming", "fancy_name", "raise", "");
    caught(
        "finished-generator-raises-stopiteration",
        Mutation::MoveBefore(stop, raise),
    );
}

#[test]
fn averager_yields_the_running_mean_and_returns_it() {
    let name = "averager-yields-the-running-mean-and-returns-it";
    let y = at("averager", "averager", "yield", "20.0");
    caught(name, Mutation::SetValue(y, "25.0".into()));
    let r = at("averager", "averager", "return", "");
    caught(name, Mutation::SetValue(r, "(2, 15.0)".into()));
}

#[test]
fn printer_gets_exactly_the_matching_lines_in_order() {
    let name = "printer-gets-exactly-the-matching-lines-in-order";
    let p = at("pipeline", "printer", "print", "");
    caught(name, Mutation::Remove(p));
    caught(name, Mutation::SetValue(p, "rust has no generators".into()));
}

#[test]
fn printer_closed_once() {
    let r = at("pipeline", "printer", "return", "");
    caught("printer-closed-once", Mutation::Duplicate(r));
}

#[test]
fn closing_grep_closes_printer() {
    let close = at("pipeline", "main", "close", "");
    let r = at("pipeline", "printer", "return", "");
    caught(
        "closing-grep-closes-printer",
        Mutation::MoveBefore(r, close),
    );
}

#[test]
fn tasks_take_turns_round_robin() {
    let name = "tasks-take-turns-round-robin";
    // A task that never finishes.
    caught(
        name,
        Mutation::Remove(at("scheduler", "task-1", "return", "")),
    );
    // task-2 taking task-1's turn.
    let a = at("scheduler", "task-1", "yield", "");
    caught(name, Mutation::SetActor(a, "task-2".into()));
}

#[test]
fn each_task_counts_down_to_1() {
    let p = at("scheduler", "task-1", "print", "task-1: 2");
    caught(
        "each-task-counts-down-to-1",
        Mutation::SetValue(p, "task-1: 5".into()),
    );
}

#[test]
fn printed_lines_the_averagers_return_value() {
    let p = at("averager", "main", "print", "StopIteration: (3, 15.0)");
    caught("printed-lines", Mutation::Remove(p));
}

#[test]
fn every_property_has_a_test_here() {
    let source = include_str!("properties.rs");
    let names: BTreeSet<String> = properties().into_iter().map(|p| p.name).collect();
    for name in names {
        assert!(
            source.contains(&format!("\"{name}\"")),
            "property {name} has no test in tests/properties.rs"
        );
    }
}

#[test]
fn output_written_in_fragments_as_pythons_print_does_still_counts_as_lines() {
    // Python's print("Cool:Utkarsh") is two writes: the text, then "\n". Every property reads
    // output as whole lines, so a trace written that way keeps them all.
    let mut fragments = Vec::new();
    for e in run().lines.iter().map(|l| l.event.clone()) {
        if e.kind == "print" {
            let mut text = e.clone();
            text.kind = "write".into();
            let mut newline = text.clone();
            newline.value = "\n".into();
            fragments.push(text);
            fragments.push(newline);
        } else {
            fragments.push(e);
        }
    }
    // Renumber each actor's seq, since each print became two events.
    let mut next: std::collections::HashMap<String, u64> = Default::default();
    let mut cell_of_lesson = 0;
    for e in &mut fragments {
        if e.kind == "cell" {
            cell_of_lesson += 1;
            next.clear(); // each cell makes its actors anew
            continue;
        }
        let n = next.entry(e.actor.clone()).or_default();
        e.seq = *n;
        *n += 1;
    }
    assert_eq!(cell_of_lesson, 6);
    let report = check(&Trace::from_events(fragments), &properties());
    assert!(report.is_ok(), "{report}");
}
