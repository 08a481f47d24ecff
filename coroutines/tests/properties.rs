//! Every property holds on the real binary's trace and catches a trace broken on purpose
//! (a check that cannot fail is a defect). The broken traces are the real one, edited.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::OnceLock;

use coroutines::properties::properties;
use interleaving::{Event, Outcome, Trace, check};

/// The real trace of a default run, as events.
fn events() -> Vec<Event> {
    static EVENTS: OnceLock<Vec<Event>> = OnceLock::new();
    EVENTS
        .get_or_init(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_coroutines"))
                .arg("--trace")
                .output()
                .unwrap();
            assert!(out.status.success());
            let trace = Trace::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
            trace.lines.into_iter().map(|l| l.event).collect()
        })
        .clone()
}

/// The index of the first event in `cell` matching `actor`, `kind` and `value` ("" = any).
fn find(events: &[Event], cell: &str, actor: &str, kind: &str, value: &str) -> usize {
    let start = events
        .iter()
        .position(|e| e.kind == "cell" && e.value == cell)
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let hit = |e: &Event| {
        (actor.is_empty() || e.actor == actor)
            && (kind.is_empty() || e.kind == kind)
            && (value.is_empty() || e.value == value)
    };
    events[start + 1..]
        .iter()
        .take_while(|e| e.kind != "cell")
        .position(hit)
        .map(|i| start + 1 + i)
        .unwrap_or_else(|| panic!("no {actor} {kind} {value:?} in cell {cell}"))
}

fn outcome(name: &str, events: Vec<Event>) -> Outcome {
    let props: Vec<_> = properties()
        .into_iter()
        .filter(|p| p.name == name)
        .collect();
    assert_eq!(props.len(), 1, "one property named {name}");
    let report = check(&Trace::from_events(events), &props);
    report.verdicts.into_iter().next().unwrap().outcome
}

/// `name` holds on the real trace, and is violated once `edit` has broken it.
fn caught(name: &str, edit: impl FnOnce(&mut Vec<Event>)) {
    assert_eq!(
        outcome(name, events()),
        Outcome::Held,
        "{name} on the real trace"
    );
    let mut broken = events();
    edit(&mut broken);
    match outcome(name, broken) {
        Outcome::Violated(v) => assert!(!v.statement.is_empty()),
        other => panic!("{name} missed the broken trace: {other:?}"),
    }
}

fn move_before(events: &mut Vec<Event>, from: usize, to: usize) {
    let e = events.remove(from);
    events.insert(to, e);
}

#[test]
fn per_actor_order_is_checked_in_every_cell() {
    for cell in [
        "func2",
        "fancy-name",
        "priming",
        "averager",
        "pipeline",
        "scheduler",
    ] {
        caught(&format!("{cell}-keeps-each-actors-order"), |ev| {
            let i = find(ev, cell, "main", "", "");
            let j = i + 1 + ev[i + 1..].iter().position(|e| e.actor == "main").unwrap();
            ev.swap(i, j);
        });
    }
}

#[test]
fn func2_session_prints_repr_5_stopiteration_closed_repr() {
    caught(
        "func2-session-prints-repr-5-stopiteration-closed-repr",
        |ev| {
            let i = find(ev, "func2", "main", "print", "5");
            ev[i].value = "6".into();
        },
    );
}

#[test]
fn func2_runs_nothing_before_next() {
    caught("func2-runs-nothing-before-next", |ev| {
        let repr = find(ev, "func2", "main", "print", "");
        let y = find(ev, "func2", "func2", "yield", "");
        move_before(ev, y, repr);
    });
}

#[test]
fn func2_yields_5_then_returns() {
    caught("func2-yields-5-then-returns", |ev| {
        let r = find(ev, "func2", "func2", "return", "");
        ev.remove(r);
    });
}

#[test]
fn fancy_name_prints_exactly_cool_utkarsh_cool_gupta_done() {
    caught(
        "fancy-name-prints-exactly-cool-utkarsh-cool-gupta-done",
        |ev| {
            let a = find(ev, "fancy-name", "fancy_name", "print", "Cool:Utkarsh");
            let b = find(ev, "fancy-name", "fancy_name", "print", "Cool:Gupta");
            ev[a].value = "Cool:Gupta".into();
            ev[b].value = "Cool:Utkarsh".into();
        },
    );
    // A missing priming would print nothing at all for Utkarsh: caught too.
    caught(
        "fancy-name-prints-exactly-cool-utkarsh-cool-gupta-done",
        |ev| {
            let a = find(ev, "fancy-name", "fancy_name", "print", "Cool:Utkarsh");
            ev.remove(a);
        },
    );
}

#[test]
fn fancy_name_primed_before_the_first_send() {
    caught("fancy-name-primed-before-the-first-send", |ev| {
        let y = find(ev, "fancy-name", "fancy_name", "yield", "");
        ev.remove(y);
    });
}

#[test]
fn done_printed_only_after_close() {
    caught("done-printed-only-after-close", |ev| {
        let close = find(ev, "fancy-name", "main", "close", "");
        let done = find(ev, "fancy-name", "fancy_name", "print", "Done");
        move_before(ev, done, close);
    });
}

#[test]
fn send_before_priming_is_refused_once() {
    caught("send-before-priming-is-refused-once", |ev| {
        let e = find(ev, "priming", "main", "error", "");
        ev.remove(e);
    });
}

#[test]
fn refused_send_runs_nothing() {
    caught("refused-send-runs-nothing", |ev| {
        let e = find(ev, "priming", "main", "error", "");
        let first = find(ev, "priming", "fancy_name", "", "");
        let err = ev.remove(e);
        ev.insert(first, err); // now after the generator's first event
    });
}

#[test]
fn next_on_a_consumer_raises_in_the_body_and_finishes_it() {
    caught(
        "next-on-a-consumer-raises-in-the-body-and-finishes-it",
        |ev| {
            let r = find(ev, "priming", "fancy_name", "raise", "");
            ev[r].kind = "yield".into();
            ev[r].value = "None".into();
        },
    );
}

#[test]
fn finished_generator_raises_stopiteration() {
    caught("finished-generator-raises-stopiteration", |ev| {
        let stop = find(ev, "priming", "main", "print", "StopIteration");
        let raise = find(ev, "priming", "fancy_name", "raise", "");
        move_before(ev, stop, raise);
    });
}

#[test]
fn averager_yields_the_running_mean_and_returns_it() {
    caught("averager-yields-the-running-mean-and-returns-it", |ev| {
        let y = find(ev, "averager", "averager", "yield", "20.0");
        ev[y].value = "25.0".into();
    });
    caught("averager-yields-the-running-mean-and-returns-it", |ev| {
        let r = find(ev, "averager", "averager", "return", "");
        ev[r].value = "(2, 15.0)".into();
    });
}

#[test]
fn printer_gets_exactly_the_matching_lines_in_order() {
    caught("printer-gets-exactly-the-matching-lines-in-order", |ev| {
        let p = find(ev, "pipeline", "printer", "print", "");
        ev.remove(p);
    });
    caught("printer-gets-exactly-the-matching-lines-in-order", |ev| {
        let p = find(ev, "pipeline", "printer", "print", "");
        ev[p].value = "rust has no generators".into();
    });
}

#[test]
fn printer_closed_once() {
    caught("printer-closed-once", |ev| {
        let r = find(ev, "pipeline", "printer", "return", "");
        let dup = ev[r].clone();
        ev.insert(r, dup);
    });
}

#[test]
fn closing_grep_closes_printer() {
    caught("closing-grep-closes-printer", |ev| {
        let close = find(ev, "pipeline", "main", "close", "");
        let r = find(ev, "pipeline", "printer", "return", "");
        move_before(ev, r, close);
    });
}

#[test]
fn tasks_take_turns_round_robin() {
    // A task that never finishes.
    caught("tasks-take-turns-round-robin", |ev| {
        let r = find(ev, "scheduler", "task-1", "return", "");
        ev.remove(r);
    });
    // task-2 taking task-1's turn.
    caught("tasks-take-turns-round-robin", |ev| {
        let a = find(ev, "scheduler", "task-1", "yield", "");
        ev[a].actor = "task-2".into();
    });
}

#[test]
fn each_task_counts_down_to_1() {
    caught("each-task-counts-down-to-1", |ev| {
        let p = find(ev, "scheduler", "task-1", "print", "task-1: 2");
        ev[p].value = "task-1: 5".into();
    });
}

#[test]
fn every_property_has_a_test_here() {
    let source = include_str!("properties.rs");
    let names: BTreeSet<String> = properties().into_iter().map(|p| p.name).collect();
    for name in names {
        let covered =
            source.contains(&format!("\"{name}\"")) || name.ends_with("-keeps-each-actors-order");
        assert!(
            covered,
            "property {name} has no test in tests/properties.rs"
        );
    }
}

#[test]
fn output_written_in_fragments_as_pythons_print_does_still_counts_as_lines() {
    // Python's print("Cool:Utkarsh") is two writes: the text, then "\n". Every property reads
    // output as whole lines, so a trace written that way keeps them all.
    let mut fragments = Vec::new();
    for e in events() {
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
