//! The declarative builders: each lifted rule kept by a good trace and broken by a bad one.

use interleaving::declare::{events, lines};
use interleaving::{Outcome, Rule, Trace};

fn outcome(rule: &Rule, steps: &[(&str, &str, &str)]) -> Outcome {
    rule.eval(&Trace::from_steps(steps.iter().copied()).lines)
}

fn violated(rule: &Rule, steps: &[(&str, &str, &str)]) -> bool {
    matches!(outcome(rule, steps), Outcome::Violated(_))
}

#[test]
fn each_get_after_the_put_of_its_value() {
    let rule = events("put").each_before_its_value(events("get"));
    let good = [
        ("p", "put", "0"),
        ("c", "get", "0"),
        ("p", "put", "0"),
        ("c", "get", "0"),
    ];
    assert_eq!(outcome(&rule, &good), Outcome::Held);
    assert!(violated(&rule, &[("c", "get", "0"), ("p", "put", "0")]));
    // The second get of 0 has no second put of 0 before it.
    assert!(violated(
        &rule,
        &[
            ("p", "put", "0"),
            ("c", "get", "0"),
            ("c", "get", "0"),
            ("p", "put", "0")
        ]
    ));
    assert!(violated(&rule, &[("p", "put", "0")]), "no get at all");
}

#[test]
fn an_exact_sequence_is_order_sensitive() {
    let rule = events("put").sequence(["0", "1"]);
    assert_eq!(
        outcome(&rule, &[("p", "put", "0"), ("p", "put", "1")]),
        Outcome::Held
    );
    assert!(violated(&rule, &[("p", "put", "1"), ("p", "put", "0")]));
    assert!(violated(&rule, &[("p", "put", "0")]));
}

#[test]
fn peak_inside_and_measured_are_observations() {
    let peak = events("enter").peak_inside(events("leave"));
    let steps = [
        ("a", "enter", ""),
        ("b", "enter", ""),
        ("a", "leave", ""),
        ("b", "leave", ""),
    ];
    assert_eq!(
        outcome(&peak, &steps),
        Outcome::Observed("at most 2 inside at once".into())
    );
    let m = events("measure").measured();
    assert_eq!(
        outcome(&m, &[("main", "measure", "t_us=5")]),
        Outcome::Observed("t_us=5".into())
    );
    assert_eq!(
        outcome(&m, &[]),
        Outcome::Observed("nothing measured".into())
    );
}

#[test]
fn one_line_rules_say_what_they_did() {
    let rule = lines().by("square").exactly(["Square: 4"]);
    assert!(violated(&rule, &[("square", "print", "Square: 5")]));
    let rule = lines().value("Hello").count(1);
    assert!(violated(
        &rule,
        &[("main", "print", "Hello"), ("main", "print", "Hello")]
    ));
}
