//! What a real `many-to-many` trace costs in memory, under a global allocator that counts the
//! bytes live at the peak: read whole (`Trace::read`, for tests and tools that keep a trace),
//! a small constant per line; checked as it streams from its file (`check_reader`, what
//! `cargo xtask check --trace` does), no line at all, only the queue history linearizability
//! keeps (`tests/flat_memory.rs` shows the rest flat). Bytes, not time, so a loaded machine
//! cannot make it flaky; the bounds are generous, and a regression back to holding the text,
//! or the lines while checking, breaks them.
//!
//! One test in this binary on purpose: the allocator counts every thread, so another test
//! running beside it would add its own bytes.

use std::alloc::System;
use std::io::BufReader;

use interleaving::Trace;
use interleaving::check::check_reader;
use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};
use producer_consumer::cells::MANY;
use producer_consumer::properties::{properties, spec};

#[global_allocator]
static HEAP: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

/// 40,000 queue operations: 20,000 messages, 16 producers x 16 consumers (120,000 lines).
const MESSAGES: &str = "20000";

/// Generous bounds, in bytes asked of the allocator per trace line (malloc's own overhead
/// aside). Today: about 125 for the trace as read (a `Line` of 104 bytes and its three
/// strings), and about 80 at the peak of a streamed check: the queue operations that
/// linearizability needs (a third of the lines are calls). Holding the raw text beside the
/// events (about 100 bytes a line) or any line while checking goes past them.
const MAX_READ_BYTES_PER_LINE: usize = 160;
const MAX_BYTES_PER_LINE: usize = 140;

#[test]
fn checking_a_trace_holds_a_small_constant_per_line() {
    let dir = std::env::temp_dir().join(format!("check-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many-to-many.jsonl");
    let out = std::fs::File::create(&path).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_producer-consumer"))
        .args(["--trace", "--cell", MANY, "--messages", MESSAGES])
        .args(["--producers", "16", "--consumers", "16"])
        .stdout(out)
        .status()
        .unwrap();
    assert!(status.success(), "the lesson failed: {status}");
    let (spec, properties) = (spec(), properties());

    HEAP.reset_peak_memory();
    let before = HEAP.get_peak_memory();
    let file = std::fs::File::open(&path).unwrap();
    let trace = Trace::read(BufReader::new(file)).unwrap();
    let read = HEAP.get_peak_memory() - before;
    let lines = trace.lines.len();
    drop(trace);
    HEAP.reset_peak_memory();
    let before = HEAP.get_peak_memory();
    let file = std::fs::File::open(&path).unwrap();
    let report = check_reader(BufReader::new(file), &spec, &properties).unwrap();
    let peak = HEAP.get_peak_memory() - before;
    std::fs::remove_dir_all(&dir).unwrap();

    assert!(report.is_ok(), "{report}");
    assert!(lines > 100_000, "{lines} lines: not the trace meant");
    let (read_per_line, per_line) = (read / lines, peak / lines);
    eprintln!("{lines} lines: {read_per_line} bytes per line read, {per_line} checked streaming");
    let fixed = std::mem::size_of::<interleaving::Line>();
    assert!(fixed <= 104, "a line's fixed part grew to {fixed} bytes");
    assert!(
        read_per_line <= MAX_READ_BYTES_PER_LINE,
        "the trace as read holds {read_per_line} bytes per line ({read} bytes for {lines} \
         lines); at most {MAX_READ_BYTES_PER_LINE} expected"
    );
    assert!(
        per_line <= MAX_BYTES_PER_LINE,
        "checking held {per_line} bytes per line at its peak ({peak} bytes for {lines} lines); \
         at most {MAX_BYTES_PER_LINE} expected"
    );
}
