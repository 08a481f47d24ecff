//! The rules every trace gets, each fed a trace that keeps it and traces that break it, among
//! them the ways a wrong run used to pass: empty, blank, foreign, glued, cut short, a joined
//! thread still writing.

use interleaving::{LessonSpec, Outcome, Trace, check_lesson, every_trace};

fn spec() -> LessonSpec {
    LessonSpec::new("threading", ["square-cube", "torn-lines"]).waits_for("awaited")
}

/// A whole run of the two cells, as the lesson writes it.
fn good() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("lesson", "lesson", "threading"),
        ("lesson", "cell", "square-cube"),
        ("lesson", "knob", ""),
        ("main", "start", "square"),
        ("square", "write", "Square:"),
        ("square", "write", " 4\n"),
        ("main", "join", "square"),
        ("main", "print", "Hello"),
        ("lesson", "cell", "torn-lines"),
        ("lesson", "knob", "lines=1"),
        ("main", "start", "t"),
        ("t", "print", "x"),
        ("main", "awaited", "t"),
        ("lesson", "end", "threading"),
    ]
}

/// The verdict of rule `name` on `t`, as text.
fn verdict(t: &Trace, name: &str) -> String {
    every_trace::verdicts(t, &spec())
        .into_iter()
        .find(|v| v.property == name)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

fn broken(t: &Trace, name: &str, why: &str) {
    let v = verdict(t, name);
    assert!(v.starts_with("VIOLATED") && v.contains(why), "{name}: {v}");
    assert!(!check_lesson(t, &spec(), &[]).is_ok());
}

#[test]
fn a_whole_run_keeps_every_rule() {
    let report = check_lesson(&Trace::from_steps(good()), &spec(), &[]);
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.held(), (4, 4));
}

#[test]
fn an_empty_trace_fails_saying_so() {
    broken(
        &Trace::default(),
        "one-run-of-one-lesson",
        "the trace is empty",
    );
    let blank = Trace::parse("\n\n   \n").unwrap();
    broken(&blank, "one-run-of-one-lesson", "the trace is empty");
}

#[test]
fn another_lessons_trace_fails_saying_whose_it_is() {
    let mut steps = good();
    steps[0].2 = "multiprocessing";
    broken(
        &Trace::from_steps(steps),
        "one-run-of-one-lesson",
        "a trace of the multiprocessing lesson",
    );
}

#[test]
fn a_trace_without_the_lesson_event_fails() {
    let steps = good()[1..].to_vec();
    broken(&Trace::from_steps(steps), "one-run-of-one-lesson", "`cell`");
}

#[test]
fn a_trace_with_none_of_the_lessons_cells_fails() {
    let steps = vec![
        ("lesson", "lesson", "threading"),
        ("main", "print", "Hello"),
        ("lesson", "end", "threading"),
    ];
    broken(
        &Trace::from_steps(steps),
        "one-run-of-one-lesson",
        "none of the lesson's cells",
    );
}

#[test]
fn two_runs_glued_together_fail() {
    let mut steps = good();
    steps.extend(good());
    broken(
        &Trace::from_steps(steps),
        "one-run-of-one-lesson",
        "a second run begins at line 15",
    );
    // Without the second `lesson` event: the cells come twice.
    let mut steps = good();
    steps.pop();
    steps.extend(good()[1..].iter().copied());
    broken(
        &Trace::from_steps(steps),
        "one-run-of-one-lesson",
        "cell square-cube at lines 2 and",
    );
}

#[test]
fn a_cell_out_of_order_or_unknown_fails() {
    let mut steps = good();
    steps[1].2 = "torn-lines";
    steps[8].2 = "square-cube";
    broken(
        &Trace::from_steps(steps),
        "one-run-of-one-lesson",
        "after cell torn-lines",
    );
    let mut steps = good();
    steps[8].2 = "no-such-cell";
    broken(
        &Trace::from_steps(steps),
        "one-run-of-one-lesson",
        "does not have",
    );
}

#[test]
fn a_run_cut_short_fails() {
    let mut steps = good();
    steps.pop();
    broken(
        &Trace::from_steps(steps),
        "one-run-of-one-lesson",
        "cut short",
    );
}

#[test]
fn main_in_another_process_fails() {
    let mut t = Trace::from_steps(good());
    t.lines[7].event.pid = 99;
    broken(&t, "one-run-of-one-lesson", "main in pid 99");
}

#[test]
fn a_cell_without_its_knobs_first_fails() {
    let mut steps = good();
    steps.remove(9);
    broken(
        &Trace::from_steps(steps),
        "each-cell-starts-with-its-knobs",
        "0 knob event(s)",
    );
    let mut steps = good();
    steps.swap(2, 3);
    broken(
        &Trace::from_steps(steps),
        "each-cell-starts-with-its-knobs",
        "`start` by main",
    );
}

#[test]
fn a_write_moved_after_the_join_of_its_thread_fails() {
    let mut steps = good();
    let write = steps.remove(5);
    steps.insert(6, write);
    broken(
        &Trace::from_steps(steps),
        "joined-actors-are-finished",
        "every event of square before line 6",
    );
}

#[test]
fn a_declared_wait_counts_as_a_join() {
    let mut steps = good();
    steps.swap(11, 12);
    broken(
        &Trace::from_steps(steps),
        "joined-actors-are-finished",
        "`awaited`",
    );
}

#[test]
fn an_actor_started_again_may_run_again() {
    let mut steps = good();
    steps.splice(
        8..8,
        [
            ("main", "start", "square"),
            ("square", "print", "again"),
            ("main", "join", "square"),
        ],
    );
    let t = Trace::from_steps(steps);
    assert_eq!(
        verdict(&t, "joined-actors-are-finished"),
        "held      joined-actors-are-finished"
    );
}

#[test]
fn nothing_of_an_actor_after_its_own_exit() {
    let mut steps = good();
    steps.insert(6, ("square", "exit", ""));
    steps.insert(7, ("square", "print", "ghost"));
    broken(
        &Trace::from_steps(steps),
        "joined-actors-are-finished",
        "ghost",
    );
}

#[test]
fn per_actor_order_is_checked_once_for_every_trace() {
    let mut t = Trace::from_steps(good());
    t.lines.swap(4, 5);
    broken(&t, "per-actor-order", "square");
    let mut t = Trace::from_steps(good());
    t.lines[8].event.seq = 7;
    broken(&t, "per-actor-order", "lesson");
}

#[test]
fn the_rules_are_named_in_every_report() {
    let report = check_lesson(&Trace::from_steps(good()), &spec(), &[]);
    let names: Vec<&str> = report
        .verdicts
        .iter()
        .map(|v| v.property.as_str())
        .collect();
    assert_eq!(names, every_trace::RULES);
    assert!(matches!(report.verdicts[0].outcome, Outcome::Held));
}
