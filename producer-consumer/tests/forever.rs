//! `--forever`: the notebook's endless consumer, stopped by a real SIGINT sent to the real
//! binary. It must drain, report, exit 0, and lose nothing that was put.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use interleaving::{Outcome, Trace, check};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use producer_consumer::properties::forever_properties;

fn run_until_sigint(extra: &[&str], gets_before_signal: usize) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_producer-consumer"))
        .args(["--forever", "--trace"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    let mut gets = 0;
    // Wait (by reading, not sleeping) until the consumer has really consumed something.
    while gets < gets_before_signal {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "ended before SIGINT: {text}"
        );
        gets += usize::from(line.contains("\"kind\":\"get\""));
        text.push_str(&line);
    }
    let pid = Pid::from_raw(i32::try_from(child.id()).unwrap());
    kill(pid, Signal::SIGINT).expect("SIGINT sent");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    text.push_str(&rest);
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (status.code(), text, err)
}

#[test]
fn sigint_stops_the_endless_consumer_and_loses_nothing() {
    let (code, text, err) = run_until_sigint(&["--pace-ms", "0"], 50);
    assert_eq!(code, Some(0), "stderr: {err}");
    let trace = Trace::parse(&text).expect("a valid trace");
    let report = check(&trace, &forever_properties());
    assert!(report.is_ok(), "{report}");
    let summary = trace
        .lines
        .iter()
        .rev()
        .find(|l| l.event.kind == "summary")
        .unwrap();
    let puts = trace.lines.iter().filter(|l| l.event.kind == "put").count();
    assert!(puts >= 50);
    assert_eq!(
        summary.event.value,
        format!("produced={puts} consumed={puts}")
    );
}

#[test]
fn sigint_with_a_paced_producer_also_drains() {
    let (code, text, err) = run_until_sigint(&["--pace-ms", "1"], 5);
    assert_eq!(code, Some(0), "stderr: {err}");
    let trace = Trace::parse(&text).unwrap();
    assert!(check(&trace, &forever_properties()).is_ok());
}

#[test]
fn forever_properties_catch_a_lost_item() {
    let (_, text, _) = run_until_sigint(&["--pace-ms", "0"], 10);
    let mut trace = Trace::parse(&text).unwrap();
    // Drop the first `get`: an item put and never consumed.
    let i = trace
        .lines
        .iter()
        .position(|l| l.event.kind == "get")
        .unwrap();
    trace.lines.remove(i);
    let report = check(&trace, &forever_properties());
    let broken: Vec<&str> = report.violations().map(|v| v.property.as_str()).collect();
    assert!(broken.contains(&"consumed-equals-published"), "{report}");
    assert!(broken.contains(&"summary-matches-the-trace"), "{report}");
    assert!(report.verdicts.iter().any(|v| v.outcome == Outcome::Held));
}
