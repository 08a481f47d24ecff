//! The harness checked: every mutation operator does what it says, every must-fail mutation of
//! a run is caught, and a mere re-interleaving of independent actors is not (proptest).

use interleaving::testing::{CLASSES, Mutation, Run, must_fail};
use interleaving::{LessonSpec, Trace, check_lesson};
use proptest::prelude::*;

fn spec() -> LessonSpec {
    LessonSpec::new("demo", ["one", "two"])
}

fn run() -> Trace {
    Run::new("demo")
        .cell("one", "n=2")
        .step("main", "start", "a")
        .step("a", "print", "1")
        .step("a", "print", "2")
        .step("main", "join", "a")
        .cell("two", "")
        .step("main", "print", "x")
        .step("b", "print", "y")
        .step("main", "print", "z")
        .end()
}

fn values(t: &Trace) -> Vec<String> {
    t.lines.iter().map(|l| l.event.value.clone()).collect()
}

#[test]
fn each_operator_edits_as_it_says() {
    let t = Run::new("demo")
        .step("a", "print", "0")
        .step("a", "print", "1")
        .end();
    let v = |m: Mutation| values(&m.apply(&t));
    assert_eq!(v(Mutation::Remove(1)), ["demo", "1", "demo"]);
    assert_eq!(v(Mutation::Duplicate(1)), ["demo", "0", "0", "1", "demo"]);
    assert_eq!(v(Mutation::MoveBefore(2, 1)), ["demo", "1", "0", "demo"]);
    assert_eq!(v(Mutation::MoveAfter(1, 2)), ["demo", "1", "0", "demo"]);
    // A line moved after (or before) itself stays, the last one too (it panicked).
    assert_eq!(v(Mutation::MoveAfter(3, 3)), ["demo", "0", "1", "demo"]);
    assert_eq!(v(Mutation::MoveBefore(0, 0)), ["demo", "0", "1", "demo"]);
    assert_eq!(v(Mutation::Swap(1, 3)), ["demo", "demo", "1", "0"]);
    assert_eq!(
        v(Mutation::SetValue(1, "9".into())),
        ["demo", "9", "1", "demo"]
    );
    assert_eq!(Mutation::SetPid(1, 5).apply(&t).lines[1].event.pid, 5);
    assert_eq!(Mutation::Glue.apply(&t).lines.len(), 8);
    assert_eq!(v(Mutation::Truncate(2)), ["demo", "0"]);
    let renumbered: Vec<usize> = Mutation::Remove(0)
        .apply(&t)
        .lines
        .iter()
        .map(|l| l.no)
        .collect();
    assert_eq!(renumbered, [1, 2, 3]);
}

#[test]
fn every_must_fail_mutation_is_caught_and_every_class_occurs() {
    let run = run();
    assert!(check_lesson(&run, &spec(), &[]).is_ok());
    let all = must_fail(&run);
    for class in CLASSES {
        assert!(all.iter().any(|(c, _)| *c == class), "no {class} mutation");
    }
    for (class, m) in all {
        let report = check_lesson(&m.apply(&run), &spec(), &[]);
        assert!(!report.is_ok(), "{class}: {m} passed");
    }
}

/// A run of `actors` independent actors, each printing `per` lines, interleaved as `order`
/// says (each entry picks the actor whose next line comes next).
fn interleaved(actors: usize, per: usize, order: &[usize]) -> Trace {
    let mut left = vec![per; actors];
    let mut r = Run::new("demo").cell("one", "");
    for k in 0..actors {
        r = r.step("main", "start", &format!("t{k}"));
    }
    let mut picks = order.iter().cycle();
    while left.iter().any(|n| *n > 0) {
        let mut a = picks.next().copied().unwrap_or(0) % actors;
        while left[a] == 0 {
            a = (a + 1) % actors;
        }
        left[a] -= 1;
        r = r.step(&format!("t{a}"), "print", &format!("{}", per - left[a]));
    }
    for k in 0..actors {
        r = r.step("main", "join", &format!("t{k}"));
    }
    r.end()
}

proptest! {
    /// Any interleaving of independent actors passes; each of its must-fail mutations fails.
    #[test]
    fn interleavings_pass_and_their_must_fail_mutations_do_not(
        actors in 1usize..4,
        per in 1usize..5,
        order in proptest::collection::vec(0usize..4, 1..12),
        pick in 0usize..1000,
    ) {
        let run = interleaved(actors, per, &order);
        prop_assert!(check_lesson(&run, &spec(), &[]).is_ok());
        let all = must_fail(&run);
        let (class, m) = &all[pick % all.len()];
        prop_assert!(!check_lesson(&m.apply(&run), &spec(), &[]).is_ok(), "{}: {}", class, m);
    }

    /// Swapping two neighbouring prints of different actors is another interleaving, not a
    /// wrong one: the rules every trace gets let it pass.
    #[test]
    fn swapping_independent_neighbours_is_no_violation(
        actors in 2usize..4,
        per in 1usize..5,
        order in proptest::collection::vec(0usize..4, 1..12),
        at in 0usize..100,
    ) {
        let run = interleaved(actors, per, &order);
        let swappable: Vec<usize> = (0..run.lines.len() - 1)
            .filter(|&i| {
                let (a, b) = (&run.lines[i].event, &run.lines[i + 1].event);
                a.kind == "print" && b.kind == "print" && a.actor != b.actor
            })
            .collect();
        prop_assume!(!swappable.is_empty());
        let i = swappable[at % swappable.len()];
        let other = Mutation::Swap(i, i + 1).apply(&run);
        prop_assert!(check_lesson(&other, &spec(), &[]).is_ok());
    }
}
