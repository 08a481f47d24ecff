//! The checker's memory is what a run has in flight, not the size of its trace (issue 24):
//! a many-to-many trace ten times longer is checked in the same heap, every property of the
//! cell but the linearizability one, which must remember every value (a value got twice, or
//! got and never put, is caught only so) and keeps one record per operation.
//!
//! The traces are made here, line by line, as the lesson writes them (4 producers, 4
//! consumers, each item got soon after it was put), and stream into the checker without ever
//! being held: the heap's peak during the check is the checker's own. One test, so that no
//! other test's allocations share the peak.

use interleaving::check::Checker;
use interleaving::{Event, Line, Property};
use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};
use std::alloc::System;
use std::collections::HashMap;

#[global_allocator]
static HEAP: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

const PRODUCERS: u64 = 4;
const CONSUMERS: u64 = 4;

/// Writes the `many-to-many` cell's trace of `items` items to `out`, a line at a time.
fn many_to_many(items: u64, out: &mut dyn FnMut(Line)) {
    let mut seq: HashMap<String, u64> = HashMap::new();
    let mut no = 0;
    let mut emit = |actor: &str, kind: &str, value: &str| {
        let s = seq.entry(actor.to_owned()).or_default();
        no += 1;
        let event = Event::new(*s, no as u64, 1, actor, kind, value);
        *s += 1;
        out(Line { no, event });
    };
    emit("lesson", "lesson", "producer-consumer");
    emit("lesson", "cell", "many-to-many");
    let knobs = format!("producers={PRODUCERS} consumers={CONSUMERS} messages={items}");
    emit("lesson", "knob", &knobs);
    for c in 1..=CONSUMERS {
        emit("main", "start", &format!("consumer-{c}"));
        emit(&format!("consumer-{c}"), "call", "get");
    }
    for p in 1..=PRODUCERS {
        emit("main", "start", &format!("producer-{p}"));
    }
    let mut got: HashMap<u64, u64> = HashMap::new();
    for i in 0..items {
        let (p, j) = (1 + i % PRODUCERS, i / PRODUCERS);
        let c = 1 + i % CONSUMERS;
        let (producer, consumer, item) = (
            format!("producer-{p}"),
            format!("consumer-{c}"),
            format!("{p}:{j}"),
        );
        emit(&producer, "put", &item);
        emit(&producer, "call", &format!("put {item}"));
        emit(&consumer, "ret", &format!("get {item}"));
        emit(&consumer, "get", &item);
        emit(&consumer, "call", "get");
        emit(&producer, "ret", "put ok");
        *got.entry(c).or_default() += 1;
    }
    for p in 1..=PRODUCERS {
        emit("main", "join", &format!("producer-{p}"));
    }
    emit("main", "shutdown", "graceful");
    for c in 1..=CONSUMERS {
        let consumer = format!("consumer-{c}");
        emit(&consumer, "ret", "get !ShutDown");
        emit(&consumer, "exit", "shutdown");
    }
    for c in 1..=CONSUMERS {
        emit("main", "join", &format!("consumer-{c}"));
    }
    let each: Vec<String> = (1..=CONSUMERS)
        .map(|c| format!("consumer-{c} {}", got.get(&c).copied().unwrap_or(0)))
        .collect();
    emit(
        "main",
        "print",
        &format!(
            "{PRODUCERS} producers x {CONSUMERS} consumers, {items} items; each consumer got: {}",
            each.join(", ")
        ),
    );
    emit("lesson", "end", "producer-consumer");
}

/// The heap's peak above its level before, while `items` items' trace streams through a check
/// of `properties`; every property must hold.
fn peak_of_checking(items: u64, properties: &[Property]) -> usize {
    let spec = producer_consumer::properties::spec();
    HEAP.reset_peak_memory();
    let base = HEAP.get_peak_memory();
    let mut checker = Checker::for_lesson(&spec, properties);
    many_to_many(items, &mut |l| checker.line(&l));
    let report = checker.finish();
    let peak = HEAP.get_peak_memory();
    assert!(report.is_ok(), "{report}");
    let (held, total) = report.held();
    assert_eq!(held, total);
    peak.saturating_sub(base)
}

fn the_cell(linearizable: bool) -> Vec<Property> {
    producer_consumer::properties::properties()
        .into_iter()
        .filter(|p| p.cell.as_deref() == Some("many-to-many"))
        .filter(|p| (p.name == "linearizable") == linearizable)
        .collect()
}

#[test]
fn checking_ten_times_the_items_takes_the_same_memory_but_the_history() {
    let flat = the_cell(false);
    assert!(flat.len() >= 6, "the cell's properties: {}", flat.len());
    let (small, large) = (
        peak_of_checking(10_000, &flat),
        peak_of_checking(100_000, &flat),
    );
    eprintln!(
        "{} properties: 10,000 items in {small} bytes, 100,000 in {large}",
        flat.len()
    );
    // What is in flight is the same at both sizes: a few items, 8 actors. Allocator slack
    // (a map that rehashed once more) is allowed; a byte per line of the longer trace is not.
    assert!(
        large <= small + 64 * 1024,
        "10,000 items checked in {small} bytes, 100,000 in {large}"
    );

    let history = the_cell(true);
    let (small, large) = (
        peak_of_checking(10_000, &history),
        peak_of_checking(100_000, &history),
    );
    let per_op = (large - small) / (2 * 90_000);
    eprintln!(
        "linearizable: 10,000 items in {small} bytes, 100,000 in {large}: {per_op} a operation"
    );
    assert!(
        per_op <= 400,
        "the linearizability history: {per_op} bytes per operation ({small} -> {large})"
    );
}
