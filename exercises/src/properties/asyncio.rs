//! The asyncio exercises' properties: sleeps that overlap, futures that ran, a child's error
//! that reached main, a limit on how many are inside at once.

use asyncio::kinds;
use interleaving::declare::{events, lines};
use interleaving::rule::violated;
use interleaving::{Outcome, Rule};

/// `blocking-in-async`: every task began its sleep before any woke, and the whole took about
/// one sleep, not `tasks` sleeps (a bound: at most 2.5 sleeps, on any machine load).
pub fn blocking_in_async(tasks: u64, sleep_ms: u64) -> Vec<(&'static str, Rule)> {
    let took = super::on_first_by_main(kinds::ELAPSED, move |first| {
        let statement = format!(
            "{tasks} sleeps of {sleep_ms} ms side by side take about {sleep_ms} ms, not {} ms",
            tasks * sleep_ms
        );
        let limit = sleep_ms * 5 / 2;
        let Some((at, value)) = first else {
            return violated(
                "elapsed",
                &statement,
                "an `elapsed ms=N` by main".into(),
                "none".into(),
                vec![],
            );
        };
        match interleaving::declare::field(value, "ms").and_then(|v| v.parse::<u64>().ok()) {
            Some(ms) if ms < limit => Outcome::Held,
            got => violated(
                "elapsed",
                &statement,
                format!("under {limit} ms"),
                format!(
                    "{} ms: one task's sleep held up the others",
                    got.unwrap_or(0)
                ),
                vec![at],
            ),
        }
    });
    vec![
        (
            "every-sleep-began-before-any-woke",
            events(kinds::SLEEP).before(events(kinds::WAKE)),
        ),
        ("all-together-take-one-sleep", took),
    ]
}

/// `forgotten-await`: every greeting printed, before main says it is done.
pub fn forgotten_await(names: &[&str]) -> Vec<(&'static str, Rule)> {
    let hellos: Vec<String> = names.iter().map(|n| format!("Hello, {n}")).collect();
    vec![
        (
            "every-greeting-printed",
            lines().by("greeter-*").exactly(hellos),
        ),
        (
            "greetings-before-main-is-done",
            lines()
                .by("greeter-*")
                .before(lines().by("main").value("greetings done")),
        ),
    ]
}

/// `ignored-task-error`: main reports the failing child's error, and does not say all is well.
pub fn ignored_task_error(error: &'static str) -> Vec<(&'static str, Rule)> {
    vec![
        (
            "main-reports-the-childs-error",
            events(kinds::ERROR).by("main").exactly([error]),
        ),
        (
            "no-all-clear-after-a-failure",
            lines().by("main").value("all checked").count(0),
        ),
    ]
}

/// `too-many-at-once`: never more than `limit` tasks inside the server at once; all served.
pub fn too_many_at_once(tasks: u64, limit: usize) -> Vec<(&'static str, Rule)> {
    vec![
        (
            "at-most-limit-inside",
            events(kinds::ENTER).bounded(events(kinds::LEAVE), limit),
        ),
        (
            "every-task-served",
            events(kinds::LEAVE).count(tasks as usize),
        ),
    ]
}
