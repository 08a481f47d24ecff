//! What every run of the producer-consumer lesson must show (SPEC section 4), and what may
//! vary, declared one line each with `interleaving::declare`. The rules only this lesson needs
//! (per-producer order, the bound of a bounded queue, consumers ending cleanly) are custom
//! rules below, written so that they hold for any `--items`, `--producers`, `--consumers`.
//! Every cell claims the lines each actor prints (`printed-lines`; cells 2 to 6 in
//! `properties/printed_lines.rs`).

use std::collections::BTreeMap;

mod linearizability;
mod printed_lines;

use interleaving::declare::{cell, events as events_of};
use interleaving::printed::{Printed, printed};
use interleaving::{Line, Outcome, Property, Rule, Select, kinds as k};

use crate::cells::{BACKPRESSURE, BACKPRESSURE_MAXSIZE, CROSSBEAM, MANY, NOTEBOOK, TASK_DONE};
use crate::kinds;
use interleaving::rule::violated;

/// Every property of the lesson, cell by cell.
///
/// ```
/// use interleaving::{check, Event, Trace};
/// // A consumer that got item 1 before item 0: FIFO broken.
/// let trace = Trace::from_events([
///     Event::new(0, 0, 1, "lesson", "cell", "producer-consumer"),
///     Event::new(0, 0, 1, "producer", "put", "0"),
///     Event::new(1, 0, 1, "producer", "put", "1"),
///     Event::new(0, 0, 1, "consumer", "get", "1"),
///     Event::new(1, 0, 1, "consumer", "get", "0"),
/// ]);
/// let report = check(&trace, &producer_consumer::properties::properties());
/// assert!(report.violations().any(|v| v.property == "consumed-equals-published"));
/// ```
pub fn properties() -> Vec<Property> {
    let put = || events_of(kinds::PUT);
    let get = || events_of(kinds::GET);
    let send = || events_of(kinds::SEND);
    let recv = || events_of(kinds::RECV);
    // Per-actor order (each cell's actors counting afresh) is a rule every trace gets.
    [
        // Cell 1: the notebook's producer and consumer.
        cell(
            NOTEBOOK,
            [
                ("published-0-to-n-in-order", published_in_order()),
                (
                    "consumed-equals-published",
                    put().by("producer").fifo(get().by("consumer")),
                ),
                (
                    "every-get-after-its-put-began",
                    put().each_before_its_value(get()),
                ),
                ("consumer-ends-cleanly", consumers_end_cleanly("shutdown")),
                (
                    "consumer-ends-after-shutdown",
                    events_of(kinds::SHUTDOWN)
                        .by("main")
                        .before(events_of(k::EXIT).by("consumer")),
                ),
                ("torn-lines", Rule::TornLines),
                (
                    "printed-lines",
                    printed(|k| {
                        let items = k.u64("items")?;
                        Ok(Printed::new()
                            .by("producer", (0..items).map(|i| format!("Published {i}")))
                            .by("consumer", (0..items).map(|i| format!("Consumed {i}")))
                            .by(
                                "main",
                                [format!(
                                    "consumer_thread.join() returned: it consumed {items} items"
                                )],
                            ))
                    }),
                ),
            ],
        ),
        // Cell 2: task_done and join.
        cell(
            TASK_DONE,
            [
                (
                    "every-item-done-once",
                    put().no_loss_no_dup(events_of(kinds::DONE)),
                ),
                (
                    "join-returns-after-every-task-done",
                    events_of(kinds::DONE).before(events_of(k::JOIN).by("main").value("queue")),
                ),
                ("workers-end-cleanly", consumers_end_cleanly("shutdown")),
            ],
        ),
        // Cell 3: backpressure.
        cell(
            BACKPRESSURE,
            [
                (
                    "bounded-fifo",
                    put().by("producer").fifo(get().by("consumer")),
                ),
                (
                    "put-waits-for-room",
                    put_waits_for_room(BACKPRESSURE_MAXSIZE),
                ),
                (
                    "slow-consumer-ends-cleanly",
                    consumers_end_cleanly("shutdown"),
                ),
                ("times-the-queue-was-full", count_of(kinds::FULL)),
            ],
        ),
        // Cell 4: many producers, many consumers.
        cell(
            MANY,
            [
                ("no-loss-no-dup", put().no_loss_no_dup(get())),
                (
                    "every-get-after-its-put-began",
                    put().each_before_its_value(get()),
                ),
                ("per-producer-order-kept", per_producer_order(kinds::GET)),
                ("consumers-end-cleanly", consumers_end_cleanly("shutdown")),
                ("items-per-consumer", get().per_actor()),
            ],
        ),
        // Cell 5: crossbeam-channel.
        cell(
            CROSSBEAM,
            [
                ("channel-no-loss-no-dup", send().no_loss_no_dup(recv())),
                (
                    "every-recv-after-its-send-began",
                    send().each_before_its_value(recv()),
                ),
                (
                    "channel-per-sender-order-kept",
                    per_producer_order(kinds::RECV),
                ),
                (
                    "receivers-end-when-senders-drop",
                    consumers_end_cleanly("disconnected"),
                ),
                (
                    "select-times-out-once",
                    events_of(kinds::TIMEOUT).by("main").count(1),
                ),
            ],
        ),
        linearizability::properties(),
        printed_lines::properties(),
    ]
    .concat()
}

fn events<'a>(lines: &'a [Line], kind: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
    lines.iter().filter(move |l| l.event.kind == kind)
}

/// The producer's `put`s are 0, 1, 2... in order, and its output lines are "Published 0",
/// "Published 1"... in the same order, one per put.
pub fn published_in_order() -> Rule {
    const S: &str = "the producer puts 0, 1, 2... in order and prints \"Published i\" after each";
    Rule::custom(|lines| {
        let puts: Vec<&Line> = events(lines, kinds::PUT)
            .filter(|l| l.event.actor == "producer")
            .collect();
        if puts.is_empty() {
            return violated(
                "published-in-order",
                S,
                "at least one put".into(),
                "none".into(),
                vec![],
            );
        }
        for (i, l) in puts.iter().enumerate() {
            if l.event.value != i.to_string() {
                return violated(
                    "published-in-order",
                    S,
                    format!("put #{i} of {i}"),
                    format!("put of {:?}", l.event.value),
                    vec![l.no],
                );
            }
        }
        let printed: Vec<String> = Select::lines()
            .by("producer")
            .items(lines)
            .into_iter()
            .map(|i| i.value)
            .collect();
        let want: Vec<String> = (0..puts.len()).map(|i| format!("Published {i}")).collect();
        if printed != want {
            return violated(
                "published-in-order",
                S,
                format!("{want:?}"),
                format!("{printed:?}"),
                vec![],
            );
        }
        Outcome::Held
    })
}

/// Every actor named `consumer*` ends with exactly one `exit` whose value is `reason`, as its
/// last event, and main joins it afterwards. There must be at least one consumer.
pub fn consumers_end_cleanly(reason: &'static str) -> Rule {
    Rule::custom(move |lines| {
        let statement = format!(
            "every consumer's last event is one `exit` \"{reason}\", and main joins it after that"
        );
        let mut last: BTreeMap<&str, &Line> = BTreeMap::new();
        let mut exits: BTreeMap<&str, Vec<&Line>> = BTreeMap::new();
        // The line of main's last join of each actor: one pass, not one per consumer.
        let mut joined_at: BTreeMap<&str, usize> = BTreeMap::new();
        for l in lines
            .iter()
            .filter(|l| l.event.actor == "main" && l.event.kind == k::JOIN)
        {
            joined_at.insert(&l.event.value, l.no);
        }
        for l in lines
            .iter()
            .filter(|l| l.event.actor.starts_with("consumer"))
        {
            last.insert(&l.event.actor, l);
            if l.event.kind == k::EXIT {
                exits.entry(&l.event.actor).or_default().push(l);
            }
        }
        if last.is_empty() {
            return violated(
                "ends-cleanly",
                &statement,
                "at least one consumer".into(),
                "none".into(),
                vec![],
            );
        }
        for (actor, last_line) in &last {
            let ex = exits.get(actor).cloned().unwrap_or_default();
            let ok_exit = ex.len() == 1 && ex[0].event.value == reason && ex[0].no == last_line.no;
            if !ok_exit {
                let got = match ex.as_slice() {
                    [] => format!(
                        "{actor} never exited (last event: {} at line {})",
                        last_line.event.kind, last_line.no
                    ),
                    [e] if e.event.value != reason => {
                        format!("{actor} exited with {:?}", e.event.value)
                    }
                    [e] => format!(
                        "{actor} did `{}` at line {} after its exit at line {}",
                        last_line.event.kind, last_line.no, e.no
                    ),
                    many => format!("{actor} exited {} times", many.len()),
                };
                let at = ex.iter().map(|l| l.no).chain([last_line.no]).collect();
                return violated(
                    "ends-cleanly",
                    &statement,
                    format!("{actor} exits \"{reason}\" last"),
                    got,
                    at,
                );
            }
            let joined = joined_at.get(actor).is_some_and(|&no| no > last_line.no);
            if !joined {
                return violated(
                    "ends-cleanly",
                    &statement,
                    format!("main's join of {actor} after line {}", last_line.no),
                    "no such join".into(),
                    vec![last_line.no],
                );
            }
        }
        Outcome::Held
    })
}

/// In a bounded queue of `maxsize`, put number k (0-based) can return only once the queue
/// has room, that is once items 0..=k-maxsize are gone, so the consumer must have begun at
/// least k-maxsize+1 gets before the producer's "Published k" line.
pub fn put_waits_for_room(maxsize: usize) -> Rule {
    Rule::custom(move |lines| {
        let statement = format!(
            "with maxsize {maxsize}, \"Published k\" comes after the consumer began get number k-{maxsize}"
        );
        let published = Select::lines()
            .by("producer")
            .value("Published *")
            .items(lines);
        if published.is_empty() {
            return violated(
                "bounded",
                &statement,
                "at least one \"Published\" line".into(),
                "none".into(),
                vec![],
            );
        }
        // The consumer's `getting` lines, in order: a count before any line is one binary
        // search (a scan per "Published" line was quadratic in the items).
        let getting: Vec<usize> = events(lines, kinds::GETTING)
            .filter(|l| l.event.actor == "consumer")
            .map(|l| l.no)
            .collect();
        for p in published {
            let Some(k) = p
                .value
                .strip_prefix("Published ")
                .and_then(|v| v.parse::<usize>().ok())
            else {
                return violated(
                    "bounded",
                    &statement,
                    "\"Published k\"".into(),
                    p.quote(),
                    vec![p.line],
                );
            };
            let need = (k + 1).saturating_sub(maxsize);
            let began = getting.partition_point(|&no| no < p.first_line);
            if began < need {
                return violated(
                    "bounded",
                    &statement,
                    format!("{need} `getting` before line {}", p.first_line),
                    format!("{began}: the producer got {} items ahead", k + 1 - began),
                    vec![p.first_line],
                );
            }
        }
        Outcome::Held
    })
}

/// Items are `"p:j"` (producer p's j-th): each consumer gets each producer's items with j
/// rising. (Across consumers the trace cannot show it: two consumers may report out of order
/// the items they took in order.)
pub fn per_producer_order(get_kind: &'static str) -> Rule {
    Rule::custom(move |lines| {
        let statement = "each consumer gets each producer's items in the order they were put";
        let mut last: BTreeMap<(&str, &str), (u64, usize)> = BTreeMap::new();
        for l in events(lines, get_kind) {
            let Some((p, j)) = l.event.value.split_once(':') else {
                return violated(
                    "per-producer-order",
                    statement,
                    "an item \"p:j\"".into(),
                    format!("{:?}", l.event.value),
                    vec![l.no],
                );
            };
            let Ok(j) = j.parse::<u64>() else {
                return violated(
                    "per-producer-order",
                    statement,
                    "an item \"p:j\"".into(),
                    format!("{:?}", l.event.value),
                    vec![l.no],
                );
            };
            if let Some((prev, at)) = last.insert((&l.event.actor, p), (j, l.no))
                && prev >= j
            {
                return violated(
                    "per-producer-order",
                    statement,
                    format!("{} gets {p}:{} after {p}:{prev}", l.event.actor, prev + 1),
                    format!("{p}:{j} after {p}:{prev}"),
                    vec![at, l.no],
                );
            }
        }
        Outcome::Held
    })
}

/// Observation: how many events of `kind` there were.
pub fn count_of(kind: &'static str) -> Rule {
    Rule::custom(move |lines| Outcome::Observed(format!("{}", events(lines, kind).count())))
}

/// What a `--forever` run, stopped by Ctrl-C, must show: everything put was got, in order;
/// the consumer ended after the shutdown; and the summary's counts agree with the trace.
pub fn forever_properties() -> Vec<Property> {
    vec![
        Property::new("per-actor-order", Rule::PerActorOrder),
        Property::new(
            "consumed-equals-published",
            Rule::Fifo {
                produced: Select::kind(kinds::PUT).by("producer"),
                consumed: Select::kind(kinds::GET).by("consumer"),
            },
        ),
        Property::new("consumer-ends-cleanly", consumers_end_cleanly("shutdown")),
        Property::new("summary-matches-the-trace", summary_matches()),
    ]
}

/// The `summary` event says `produced=N consumed=N`, with N the trace's puts and gets.
fn summary_matches() -> Rule {
    const S: &str = "the summary says produced=N consumed=N, the numbers of puts and gets";
    Rule::custom(|lines| {
        let Some(summary) = events(lines, kinds::SUMMARY).last() else {
            return violated(
                "summary",
                S,
                "a summary event".into(),
                "none".into(),
                vec![],
            );
        };
        let puts = events(lines, kinds::PUT).count();
        let gets = events(lines, kinds::GET).count();
        let want = format!("produced={puts} consumed={gets}");
        if summary.event.value != want || puts != gets {
            return violated(
                "summary",
                S,
                want,
                summary.event.value.clone(),
                vec![summary.no],
            );
        }
        Outcome::Held
    })
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec()
}
