//! `asyncio --cell 2 --tasks 1000 --sleep-ms 1000 | head -n 1`: 1000 s of sleeping one after
//! another, but once `head` has its line and leaves, the lesson ends promptly, exit 0 (SPEC
//! section 2: a reader that stopped reading chose to see no more).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

#[test]
fn the_sleeps_cell_ends_promptly_once_the_reader_is_gone() {
    let args = ["--cell", "2", "--tasks", "1000", "--sleep-ms", "1000"];
    let mut child = Command::new(env!("CARGO_BIN_EXE_asyncio"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the asyncio binary starts");
    let mut first = String::new();
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    out.read_line(&mut first).expect("a first line");
    assert!(!first.is_empty(), "the cell printed nothing");
    let t0 = Instant::now();
    drop(out); // `head -n 1` exits: the pipe has no reader any more
    // The whole run would take over 1000 s; a loaded machine gets 10 s to notice.
    let status = child
        .wait_timeout(Duration::from_secs(10))
        .expect("waiting works");
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("still running 10 s after its reader left");
    };
    assert!(status.success(), "{status:?}");
    assert!(t0.elapsed() < Duration::from_secs(10));
}
