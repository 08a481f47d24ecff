//! Checking a trace keeps a small, constant number of bytes per line: a real `many-to-many`
//! trace is read and checked (`Trace::read` then `check_lesson`, what `cargo xtask check
//! --trace` does) under a global allocator that counts the bytes live at the peak. Bytes, not
//! time, so a loaded machine cannot make it flaky; the bound is generous, and a regression
//! back to holding the text or cloning every selected line breaks it.
//!
//! One test in this binary on purpose: the allocator counts every thread, so another test
//! running beside it would add its own bytes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::BufReader;
use std::sync::atomic::{AtomicUsize, Ordering};

use interleaving::{Trace, check_lesson};
use producer_consumer::cells::MANY;
use producer_consumer::properties::{properties, spec};

/// The system allocator, counting the bytes live now and the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// Safety: every call is passed on to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // Safety: the caller's contract is the system allocator's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Safety: `ptr` came from `alloc` above, with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Safety: as for `alloc` and `dealloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// 40,000 queue operations: 20,000 messages, 16 producers x 16 consumers (120,000 lines).
const MESSAGES: &str = "20000";

/// Generous bounds, in bytes asked of the allocator per trace line (malloc's own overhead
/// aside). Today: about 125 for the trace as read (a `Line` of 104 bytes and its three
/// strings) and 200 at the peak of the check (the queue operations that linearizability
/// needs, about 78 bytes a line here, on top). Holding the raw text beside the events (about
/// 100 bytes a line) or a copy of every selected line per rule goes past them.
const MAX_READ_BYTES_PER_LINE: usize = 160;
const MAX_BYTES_PER_LINE: usize = 300;

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

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let file = std::fs::File::open(&path).unwrap();
    let trace = Trace::read(BufReader::new(file)).unwrap();
    let read = PEAK.load(Ordering::Relaxed) - before;
    PEAK.store(before, Ordering::Relaxed);
    let report = check_lesson(&trace, &spec, &properties);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let lines = trace.lines.len();
    drop(trace);
    std::fs::remove_dir_all(&dir).unwrap();

    assert!(report.is_ok(), "{report}");
    assert!(lines > 100_000, "{lines} lines: not the trace meant");
    let (read_per_line, per_line) = (read / lines, peak / lines);
    eprintln!("{lines} lines: {read_per_line} bytes per line read, {per_line} at the peak");
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
