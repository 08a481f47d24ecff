//! Every cell's printed lines on a real run of the whole lesson: they hold, and a line
//! deleted, doubled, changed, or printed by a worker under another's name fails the cell's
//! `printed-lines`, naming the line.

mod util;

use std::sync::OnceLock;

use distributed::cells::LESSON;
use distributed::properties::{properties, spec};
use interleaving::testing::{Mutation, assert_caught_in, find_all};
use interleaving::{Event, Trace};
use util::passing_run;

const P: &str = "printed-lines";

fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| passing_run(&["--work-ms", "1"]))
        .as_ref()
}

fn prints(t: &Trace, cell: &str, pick: impl Fn(&Event) -> bool) -> Vec<usize> {
    find_all(t, cell, |e| e.kind == "print" && pick(e))
}

fn caught(t: &Trace, cell: &str, m: Mutation) {
    assert_caught_in(&m.apply(t), &spec(), &properties(), P, cell);
}

#[test]
fn every_cell_catches_a_lost_doubled_or_changed_line() {
    let Some(t) = real() else { return };
    for c in LESSON.cells {
        let lines = prints(t, c.name, |_| true);
        if lines.is_empty() || t.lines[lines[0]].event.value.starts_with("skipped") {
            eprintln!("{}: skipped, nothing printed", c.name);
            continue;
        }
        let last = *lines.last().unwrap();
        caught(t, c.name, Mutation::Remove(last));
        caught(t, c.name, Mutation::Duplicate(lines[0]));
        let v = format!("{}!", t.lines[last].event.value);
        caught(t, c.name, Mutation::SetValue(last, v));
    }
}

#[test]
fn a_worker_that_names_another_is_caught() {
    let Some(t) = real() else { return };
    let cell = "competing-workers";
    let mine = prints(t, cell, |e| e.actor == "worker-1")[0];
    let v = t.lines[mine]
        .event
        .value
        .replacen("worker-1", "worker-2", 1);
    caught(t, cell, Mutation::SetValue(mine, v));
    // The same line printed by another worker, under its own name: the union still holds.
    let mut swapped = t.clone();
    let line = &mut swapped.lines[mine].event;
    line.actor = "worker-2".into();
    line.value = line.value.replacen("worker-1", "worker-2", 1);
    let report = interleaving::check_lesson(&swapped, &spec(), &properties());
    assert!(
        !report
            .violations()
            .any(|v| v.property == P && v.cell.as_deref() == Some(cell)),
        "{report}"
    );
}

#[test]
fn a_redelivery_without_its_lines_is_caught() {
    let Some(t) = real() else { return };
    let cell = "worker-dies";
    let claimed = prints(t, cell, |e| e.value.contains(": claimed "))[0];
    caught(t, cell, Mutation::Remove(claimed));
    let skipped = prints(t, cell, |e| e.value.ends_with("(already stored: skipped)"))[0];
    caught(t, cell, Mutation::Remove(skipped));
}

/// A trace whose knobs say worker-1 dies holding its 0th item is not a run of the lesson: its
/// printed lines are a violation naming the knob, not a panic of the checker.
#[test]
fn a_kill_after_of_zero_is_refused_not_a_panic() {
    let t = Trace::from_steps([
        ("lesson", "cell", distributed::cells::WORKER_DIES),
        ("lesson", "knob", "items=4 workers=2 kill_after=0"),
        (
            "main",
            "print",
            "worker-1 holds an item, processed, not acknowledged: SIGKILL",
        ),
    ]);
    let report = interleaving::check(&t, &properties());
    let v = report
        .violations()
        .find(|v| v.property == P)
        .expect("printed-lines violated");
    assert!(v.to_string().contains("N at least 1 (got 0)"), "{v}");
}
