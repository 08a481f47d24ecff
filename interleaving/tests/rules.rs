//! Every rule, fed a trace that keeps it and a trace that breaks it: a check that cannot fail
//! is a defect.

use interleaving::{Event, Outcome, Property, Rule, Select, Trace, check};

/// A trace from `(actor, kind, value)` triples, with per-actor seq numbered in order.
fn trace(events: &[(&str, &str, &str)]) -> Trace {
    let mut seqs = std::collections::HashMap::new();
    Trace::from_events(events.iter().enumerate().map(|(i, (a, k, v))| {
        let seq = seqs.entry(*a).or_insert(0u64);
        let e = Event::new(*seq, i as u64, pid_of(a), *a, *k, *v);
        *seq += 1;
        e
    }))
}

fn pid_of(actor: &str) -> u32 {
    100 + actor.bytes().map(u32::from).sum::<u32>()
}

fn violation(rule: &Rule, t: &Trace) -> interleaving::Violation {
    match rule.eval(&t.lines) {
        Outcome::Violated(v) => v,
        other => panic!("expected a violation of {rule:?}, got {other:?}"),
    }
}

fn holds(rule: &Rule, t: &Trace) {
    assert_eq!(rule.eval(&t.lines), Outcome::Held, "{rule:?}");
}

#[test]
fn multiset_catches_a_missing_and_a_duplicated_line() {
    let rule = Rule::Multiset {
        select: Select::lines().by("child-*"),
        expected: vec!["1".into(), "4".into(), "9".into()],
    };
    holds(
        &rule,
        &trace(&[
            ("child-3", "print", "9"),
            ("child-1", "print", "1"),
            ("child-2", "print", "4"),
        ]),
    );
    let v = violation(
        &rule,
        &trace(&[
            ("child-1", "print", "1"),
            ("child-3", "print", "9"),
            ("child-1", "print", "1"),
        ]),
    );
    assert_eq!(v.rule, "exactly-once");
    assert!(v.got.contains("missing [\"4\"]"), "{}", v.got);
    assert!(v.got.contains("extra [line 3"), "{}", v.got);
    assert_eq!(v.lines, vec![3]);
}

#[test]
fn count_catches_too_many() {
    let rule = Rule::Count {
        select: Select::lines().value("Hello"),
        n: 1,
    };
    holds(&rule, &trace(&[("main", "print", "Hello")]));
    let v = violation(
        &rule,
        &trace(&[("main", "print", "Hello"), ("main", "print", "Hello")]),
    );
    assert_eq!(v.rule, "count");
    assert_eq!(v.lines, vec![1, 2]);
}

#[test]
fn happens_before_catches_hello_world_before_a_child() {
    let rule = Rule::HappensBefore {
        before: Select::lines().by("child-*"),
        after: Select::lines().by("main").value("Hello World"),
    };
    holds(
        &rule,
        &trace(&[
            ("child-1", "print", "1"),
            ("child-2", "print", "4"),
            ("main", "print", "Hello World"),
        ]),
    );
    let v = violation(
        &rule,
        &trace(&[
            ("child-1", "print", "1"),
            ("main", "print", "Hello World"),
            ("child-2", "print", "4"),
        ]),
    );
    assert_eq!(v.rule, "happens-before");
    assert_eq!(v.lines, vec![2, 3]);
}

#[test]
fn happens_before_is_not_vacuous() {
    let rule = Rule::HappensBefore {
        before: Select::lines().by("child-*"),
        after: Select::kind("join"),
    };
    let v = violation(&rule, &trace(&[("child-1", "print", "1")]));
    assert!(v.got.contains("none in the trace"), "{}", v.got);
}

#[test]
fn happens_before_sees_a_torn_line_begin_too_early() {
    // The line "Square: 4" began before the join although it ended after it.
    let rule = Rule::HappensBefore {
        before: Select::kind("start"),
        after: Select::lines().by("square"),
    };
    let t = trace(&[
        ("square", "write", "Square:"),
        ("main", "start", "x"),
        ("square", "write", " 4\n"),
    ]);
    assert_eq!(violation(&rule, &t).lines, vec![1, 2]);
}

#[test]
fn per_actor_order_catches_reordered_duplicated_and_lost_lines() {
    let ok = trace(&[
        ("a", "print", "1"),
        ("b", "print", "x"),
        ("a", "print", "2"),
    ]);
    holds(&Rule::PerActorOrder, &ok);

    let mut reordered = ok.clone();
    reordered.lines.swap(0, 2);
    let reordered = Trace::from_events(reordered.lines.into_iter().map(|l| l.event));
    let v = violation(&Rule::PerActorOrder, &reordered);
    assert_eq!(v.rule, "per-actor-order");
    assert_eq!(v.lines, vec![1]);

    let mut duplicated = ok.clone();
    let copy = duplicated.lines[0].clone();
    duplicated.lines.insert(1, copy);
    assert!(matches!(
        Rule::PerActorOrder.eval(&duplicated.lines),
        Outcome::Violated(_)
    ));

    let mut lost = ok.clone();
    lost.lines.remove(0);
    assert!(matches!(
        Rule::PerActorOrder.eval(&lost.lines),
        Outcome::Violated(_)
    ));
}

#[test]
fn per_actor_order_starts_again_in_each_cell_and_still_catches_a_lost_first_line() {
    let t = trace(&[
        ("lesson", "cell", "a"),
        ("main", "print", "1"),
        ("main", "print", "2"),
        ("lesson", "cell", "b"),
    ]);
    let mut t = t;
    // Cell b makes its own `main`, whose seq starts at 0 again.
    t.lines.push(interleaving::Line {
        no: 5,
        event: Event::new(0, 9, pid_of("main"), "main", "print", "3"),
    });
    holds(&Rule::PerActorOrder, &t);
    // Going on from the last cell is fine too (one actor for the whole lesson)...
    t.lines[4].event.seq = 2;
    holds(&Rule::PerActorOrder, &t);
    // ...but anything else means a line was lost or duplicated.
    t.lines[4].event.seq = 1;
    let v = violation(&Rule::PerActorOrder, &t);
    assert_eq!(v.lines, vec![3, 5]);
    assert!(v.expected.contains("seq 0 or 2"), "{}", v.expected);
}

#[test]
fn fifo_catches_a_swap() {
    let rule = Rule::Fifo {
        produced: Select::kind("put"),
        consumed: Select::kind("get"),
    };
    holds(
        &rule,
        &trace(&[
            ("p", "put", "0"),
            ("p", "put", "1"),
            ("c", "get", "0"),
            ("c", "get", "1"),
        ]),
    );
    let v = violation(
        &rule,
        &trace(&[
            ("p", "put", "0"),
            ("p", "put", "1"),
            ("c", "get", "1"),
            ("c", "get", "0"),
        ]),
    );
    assert_eq!(v.rule, "fifo");
    assert!(v.got.contains("position 0"), "{}", v.got);
    assert_eq!(v.lines, vec![1, 3]);
}

#[test]
fn no_loss_no_dup_catches_loss_and_duplication() {
    let rule = Rule::NoLossNoDup {
        produced: Select::kind("put"),
        consumed: Select::kind("get"),
    };
    holds(
        &rule,
        &trace(&[
            ("p1", "put", "a"),
            ("p2", "put", "b"),
            ("c2", "get", "b"),
            ("c1", "get", "a"),
        ]),
    );
    let v = violation(
        &rule,
        &trace(&[
            ("p1", "put", "a"),
            ("p2", "put", "b"),
            ("c2", "get", "b"),
            ("c1", "get", "b"),
        ]),
    );
    assert_eq!(v.rule, "no-loss-no-dup");
    assert!(v.got.contains("lost [\"a\"]"), "{}", v.got);
    assert_eq!(v.lines, vec![1, 4]);
    assert!(
        matches!(rule.eval(&[]), Outcome::Violated(_)),
        "nothing produced is not a pass"
    );
}

#[test]
fn bounded_catches_a_third_actor_inside() {
    let rule = Rule::Bounded {
        enter: Select::kind("acquire"),
        leave: Select::kind("release"),
        max: 2,
    };
    holds(
        &rule,
        &trace(&[
            ("t1", "acquire", ""),
            ("t2", "acquire", ""),
            ("t1", "release", ""),
            ("t3", "acquire", ""),
            ("t2", "release", ""),
            ("t3", "release", ""),
        ]),
    );
    let v = violation(
        &rule,
        &trace(&[
            ("t1", "acquire", ""),
            ("t2", "acquire", ""),
            ("t3", "acquire", ""),
        ]),
    );
    assert_eq!(v.rule, "bounded-concurrency");
    assert_eq!(v.lines, vec![1, 2, 3]);
    let v = violation(
        &rule,
        &trace(&[("t1", "acquire", ""), ("t2", "release", "")]),
    );
    assert!(v.got.contains("without an enter"), "{}", v.got);
}

#[test]
fn distinct_pids_catches_two_children_in_one_process() {
    let rule = Rule::DistinctPids {
        select: Select::lines().by("child-*"),
    };
    holds(
        &rule,
        &trace(&[("child-1", "print", "1"), ("child-2", "print", "4")]),
    );
    let mut same = trace(&[("child-1", "print", "1"), ("child-2", "print", "4")]);
    same.lines[1].event.pid = same.lines[0].event.pid;
    assert_eq!(violation(&rule, &same).lines, vec![1, 2]);
}

#[test]
fn observations_record_and_never_fail() {
    let t = trace(&[
        ("child-1", "print", "1"),
        ("square", "write", "Square:"),
        ("main", "print", "Hello"),
        ("square", "write", " 4\n"),
    ]);
    let pos = Rule::Position {
        of: Select::lines().value("Hello"),
        among: Select::lines().by("child-*|square"),
    };
    assert_eq!(pos.eval(&t.lines), Outcome::Observed("after 1 of 2".into()));
    assert_eq!(
        Rule::TornLines.eval(&t.lines),
        Outcome::Observed("1 torn".into())
    );
    let whole = trace(&[("square", "print", "Square: 4"), ("main", "print", "Hello")]);
    assert_eq!(
        Rule::TornLines.eval(&whole.lines),
        Outcome::Observed("0 torn".into())
    );
}

#[test]
fn custom_rules_report_their_own_violations() {
    let rule = Rule::custom(|lines| {
        if lines.len() < 2 {
            Outcome::Violated(interleaving::Violation {
                rule: "two-lines".into(),
                statement: "at least two lines".into(),
                expected: "2".into(),
                got: lines.len().to_string(),
                lines: vec![],
            })
        } else {
            Outcome::Held
        }
    });
    holds(&rule, &trace(&[("a", "print", "1"), ("a", "print", "2")]));
    assert_eq!(
        violation(&rule, &trace(&[("a", "print", "1")])).rule,
        "two-lines"
    );
}

#[test]
fn cell_scoped_properties_see_only_their_cell_and_report_cells_not_run() {
    let props = vec![
        Property::new(
            "one-hello",
            Rule::Count {
                select: Select::lines().value("Hello"),
                n: 1,
            },
        )
        .in_cell("a"),
        Property::new("b-ran", Rule::PerActorOrder).in_cell("b"),
    ];
    let t = trace(&[
        ("lesson", "cell", "a"),
        ("main", "print", "Hello"),
        ("lesson", "cell", "c"),
        ("main", "print", "Hello"),
    ]);
    let report = check(&t, &props);
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 1);
    assert_eq!(report.held(), (1, 1));
    let text = report.to_string();
    assert!(text.contains("not run   b-ran [cell b]"), "{text}");
}
