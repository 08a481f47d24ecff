//! `cargo xtask check --trace FILE` checks the trace as it streams from its file
//! (`check_reader`, every rule a fold over lines, no line kept), where it once read the whole
//! text first (`Trace::parse`) and checked the slice of lines: on a real 100,000-operation
//! `many-to-many` trace, and on a broken copy of it, the three paths (whole text, lines read
//! one at a time, streamed check) give the same trace and the same report, word for word.

use std::io::{BufReader, Write};

use interleaving::check::check_reader;
use interleaving::testing::Mutation;
use interleaving::{Trace, check_lesson};
use producer_consumer::cells::MANY;
use producer_consumer::properties::{properties, spec};

/// 50,000 messages: 100,000 queue operations (a put and a get each).
const MESSAGES: &str = "50000";

/// The report of `trace` read both ways, after it was written to a file.
fn both_ways(trace: &Trace, dir: &std::path::Path) -> (String, String) {
    let path = dir.join("trace.jsonl");
    let mut text = String::new();
    for l in &trace.lines {
        text.push_str(&l.event.to_json_line());
    }
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .unwrap();
    let whole = Trace::parse(&text).unwrap();
    let streamed = Trace::read(BufReader::new(std::fs::File::open(&path).unwrap())).unwrap();
    assert_eq!(whole, streamed, "the two readers disagree on the lines");
    let (spec, properties) = (spec(), properties());
    let of_whole = check_lesson(&whole, &spec, &properties).to_string();
    let file = BufReader::new(std::fs::File::open(&path).unwrap());
    let as_it_streams = check_reader(file, &spec, &properties).unwrap().to_string();
    assert_eq!(of_whole, as_it_streams, "the streamed check disagrees");
    (
        of_whole,
        check_lesson(&streamed, &spec, &properties).to_string(),
    )
}

#[test]
fn a_streamed_trace_gets_the_verdict_of_the_whole_text() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_producer-consumer"))
        .args(["--trace", "--cell", MANY, "--messages", MESSAGES])
        .args(["--producers", "16", "--consumers", "16"])
        .output()
        .unwrap();
    assert!(out.status.success(), "the lesson failed: {}", out.status);
    let run = Trace::parse(std::str::from_utf8(&out.stdout).unwrap()).unwrap();
    let ops = run
        .lines
        .iter()
        .filter(|l| l.event.kind == interleaving::linear::CALL)
        .count();
    assert_eq!(
        ops,
        100_000 + 16,
        "100,000 operations, and each consumer's last get"
    );
    let dir = std::env::temp_dir().join(format!("check-streaming-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let (whole, streamed) = both_ways(&run, &dir);
    assert_eq!(whole, streamed);
    assert!(!whole.contains("VIOLATED"), "{whole}");

    // A get that returns another get's item: lost one, doubled another, and no queue did it.
    let gets: Vec<usize> = (0..run.lines.len())
        .filter(|&i| run.lines[i].event.kind == producer_consumer::kinds::GET)
        .collect();
    let (a, b) = (gets[gets.len() / 3], gets[2 * gets.len() / 3]);
    let broken = Mutation::SetValue(b, run.lines[a].event.value.clone()).apply(&run);
    let (whole, streamed) = both_ways(&broken, &dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(whole, streamed);
    assert!(
        whole.contains("VIOLATED  no-loss-no-dup")
            && whole.contains(&format!("line {}", run.lines[b].no)),
        "{whole}"
    );
}
