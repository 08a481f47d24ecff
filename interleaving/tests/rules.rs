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
