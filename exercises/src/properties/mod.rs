//! The exercises' own properties, one file per lesson. Where a lesson already states the
//! property (its `properties.rs` builders), the exercise reuses it; what only an exercise
//! needs (a counter's end, a run's elapsed time) is here, never in `interleaving`.

pub mod asyncio;
pub mod coroutines;
pub mod distributed;
pub mod multiprocessing;
pub mod producer_consumer;
pub mod threading;

mod first_by_main;
mod whole_lines;

use interleaving::rule::violated;
use interleaving::{Outcome, Rule};

pub(crate) use first_by_main::on_first_by_main;

/// `expected=N got=M` fields of an event's value.
pub fn expected_got(value: &str) -> Option<(u64, u64)> {
    let e = interleaving::declare::field(value, "expected")?
        .parse()
        .ok()?;
    let g = interleaving::declare::field(value, "got")?.parse().ok()?;
    Some((e, g))
}

/// 40000 as `40,000`: numbers a learner reads at a glance.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "Main's `kind` event says `expected=N got=M` with N == M": `what` names the number in the
/// message ("the counter ended at 31,874, not 40,000").
pub fn reported_exact(kind: &'static str, what: &'static str) -> Rule {
    on_first_by_main(kind, move |first| {
        let statement = format!("main's `{kind}` event reports {what} equal to what was expected");
        match first.and_then(|(at, v)| Some((at, expected_got(v)?))) {
            None => violated(
                "exact",
                &statement,
                format!("a `{kind} expected=N got=M` event by main"),
                "none: the program never reported it".into(),
                vec![],
            ),
            Some((_, (e, g))) if e == g => Outcome::Held,
            Some((at, (e, g))) => violated(
                "exact",
                &statement,
                thousands(e),
                format!("{what} ended at {}, not {}", thousands(g), thousands(e)),
                vec![at],
            ),
        }
    })
}

/// The lesson's properties named `names`, taken from its cell `from` and stated about the
/// exercise's cell `to`: the exercise is judged by the very rules the lesson's cell keeps.
pub fn from_lesson(
    all: Vec<interleaving::Property>,
    from: &str,
    names: &[&str],
    to: &str,
) -> Vec<interleaving::Property> {
    let picked: Vec<interleaving::Property> = all
        .into_iter()
        .filter(|p| p.cell.as_deref() == Some(from) && names.contains(&p.name.as_str()))
        .map(|p| p.in_cell(to))
        .collect();
    debug_assert_eq!(picked.len(), names.len(), "the lesson renamed a property");
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleaving::{Trace, check, declare::cell};

    #[test]
    fn thousands_groups_digits_by_three() {
        assert_eq!(thousands(1874), "1,874");
        assert_eq!(thousands(40_000), "40,000");
        assert_eq!(thousands(7), "7");
    }

    #[test]
    fn a_counter_short_of_its_total_is_a_violation_naming_both() {
        let props = cell("x", [("exact", reported_exact("count", "the counter"))]);
        let bad = Trace::from_steps([
            ("lesson", "cell", "x"),
            ("main", "count", "expected=2000 got=1874"),
        ]);
        let report = check(&bad, &props).to_string();
        assert!(
            report.contains("the counter ended at 1,874, not 2,000"),
            "{report}"
        );
        let good = Trace::from_steps([
            ("lesson", "cell", "x"),
            ("main", "count", "expected=2000 got=2000"),
        ]);
        assert!(check(&good, &props).is_ok());
    }
}
