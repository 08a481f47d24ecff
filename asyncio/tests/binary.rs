//! The real binary: its default trace keeps every property, and its flags fail cleanly.

use std::process::{Command, Output};
use std::time::Duration;

use interleaving::testing::{
    RUN_LIMIT, assert_every_property_holds, assert_usage_error, command, record, run_bin,
    run_command, trace_of,
};
use interleaving::{Trace, check};

const BIN: &str = env!("CARGO_BIN_EXE_asyncio");

fn asyncio(args: &[&str]) -> Output {
    run_bin(BIN, args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn default_trace_keeps_every_property() {
    assert_every_property_holds(&record(BIN, &[]), &asyncio::properties::properties());
}

/// The `--runtime` flag: the gather, wait-for, queue and task-group cells keep their
/// properties on a `multi_thread` runtime too, where their tasks really run in parallel.
#[test]
fn multi_thread_runtime_keeps_every_property() {
    let structured = [
        "gather",
        "wait-for",
        "queue",
        "queue-join",
        "task-group",
        "task-group-failure",
    ];
    let props = asyncio::properties::properties();
    for round in 0..5 {
        for runtime in ["current", "multi"] {
            for cell in structured {
                let args = ["--runtime", runtime, "--cell", cell, "--capacity", "1"];
                let trace = record(BIN, &args);
                let report = check(&trace, &props);
                assert!(report.is_ok(), "round {round}, {runtime} {cell}: {report}");
            }
        }
    }
}

#[test]
fn jittered_trace_keeps_every_property() {
    // `cargo xtask explore --jitter`: small random pauses before each event shake the
    // interleavings; nothing the lesson asserts may depend on timing that jitter can move.
    let mut jittered = command(BIN, &["--trace"]);
    jittered.env(interleaving::emit::JITTER_ENV, "1");
    let trace = trace_of(&run_command(&mut jittered, RUN_LIMIT));
    let report = check(&trace, &asyncio::properties::properties());
    assert!(report.is_ok(), "{report}");
}

#[test]
fn every_cell_runs_alone_and_keeps_its_properties() {
    for cell in asyncio::cells::LESSON.cells.iter().map(|c| c.name) {
        let trace = record(BIN, &["--cell", cell]);
        let report = check(&trace, &asyncio::properties::properties());
        assert!(report.is_ok(), "{cell}: {report}");
    }
}

#[test]
fn text_mode_narrates_and_prints_the_results() {
    let out = asyncio(&["--cell", "gather"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("│ The tasks finish in reverse order"),
        "{text}"
    );
    assert!(
        text.contains("gather(square(0..5)) -> [0, 1, 4, 9, 16]"),
        "{text}"
    );
    assert!(!text.contains("\"kind\""), "{text}");
}

#[test]
fn list_names_thirteen_cells() {
    let out = asyncio(&["--list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 13, "{text}");
    assert!(text.contains("echo-server"), "{text}");
}

#[test]
fn out_of_range_flags_exit_2_naming_the_flag_and_range() {
    for (flag, bad, range) in [
        ("--tasks", "0", "from 1 to 1000"),
        ("--tasks", "-3", "from 1 to 1000"),
        ("--sleep-ms", "abc", "from 1 to 1000"),
        ("--permits", "0", "from 1 to 1000"),
        ("--capacity", "0", "from 1 to 10000"),
        ("--clients", "100000", "from 1 to 5000"),
        ("--port", "70000", "from 0 to 65535"),
    ] {
        assert_usage_error(BIN, &[flag, bad], &[flag, range]);
    }
}

#[test]
fn unknown_cell_exits_2_listing_the_cells() {
    assert_usage_error(BIN, &["--cell", "14"], &["--cell", "13 queue-family"]);
}

#[test]
fn port_in_use_is_one_clear_error_line() {
    // Hold a port, then ask the server for it.
    let held = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = held.local_addr().expect("its address").port().to_string();
    let out = asyncio(&["--cell", "echo-server", "--port", &port]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cell 12 (echo-server): cannot listen on 127.0.0.1:")
            && err.contains("in use"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_thousand_clients_all_get_their_echo() {
    let trace = record(BIN, &["--cell", "echo-server", "--clients", "1000"]);
    let report = check(&trace, &asyncio::properties::properties());
    assert!(report.is_ok(), "{report}");
    let recvs = trace
        .lines
        .iter()
        .filter(|l| l.event.kind == "recv")
        .count();
    assert_eq!(recvs, 1000);
}

#[test]
fn knobs_other_than_the_defaults_keep_the_properties() {
    let trace = record(
        BIN,
        &[
            "--tasks",
            "3",
            "--sleep-ms",
            "20",
            "--workers",
            "5",
            "--permits",
            "1",
            "--items",
            "50",
            "--capacity",
            "1",
            "--clients",
            "7",
        ],
    );
    let report = check(&trace, &asyncio::properties::properties());
    assert!(report.is_ok(), "{report}");
}

/// `cargo test -p asyncio --test binary -- --ignored`: what `cargo xtask check asyncio --runs 50`
/// does, until xtask exists: 50 runs, two at a time (a loaded machine), every property each run.
#[test]
#[ignore = "slow: 50 runs of the whole lesson"]
fn fifty_runs_keep_every_property() {
    let props = asyncio::properties::properties();
    let mut orders = std::collections::BTreeSet::new();
    for pair in 0..25 {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_asyncio"))
                    .arg("--trace")
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .expect("the asyncio binary starts")
            })
            .collect();
        for run in runs {
            let out = run.wait_with_output().expect("the run ends");
            assert!(out.status.success(), "pair {pair}: exit {:?}", out.status);
            let trace = Trace::parse(&String::from_utf8_lossy(&out.stdout)).expect("a trace");
            let report = check(&trace, &props);
            assert!(report.is_ok(), "pair {pair}: {report}");
            assert_eq!(report.not_run().count(), 0);
            for (name, seen) in report.observations() {
                if name == "multi-thread-distinct-orders" {
                    orders.insert(seen.to_owned());
                }
            }
        }
    }
    eprintln!("multi_thread distinct orders per run, as seen: {orders:?}");
}

/// Reads the child's stdout until a line contains `marker`, sends it SIGINT (Ctrl-C), then
/// reads the rest: everything it printed, as one string.
fn interrupt_after(child: &mut std::process::Child, marker: &str) -> String {
    use std::io::{BufRead, BufReader};
    let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    let mut trace = String::new();
    for line in lines.by_ref() {
        let line = line.expect("a line");
        trace.push_str(&line);
        trace.push('\n');
        if line.contains(marker) {
            break;
        }
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    for line in lines {
        trace.push_str(&line.expect("a line"));
        trace.push('\n');
    }
    trace
}

#[test]
fn ctrl_c_stops_the_serving_server_cleanly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asyncio"))
        .args([
            "--trace",
            "--cell",
            "echo-server",
            "--serve",
            "--clients",
            "5",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the asyncio binary starts");
    // Interrupt once the server is serving on its own (the last print before it waits).
    let trace = interrupt_after(&mut child, "a client leaving mid-line got");
    // stdout closed: the process is ending; wait for it, bounded.
    let status = wait_timeout::ChildExt::wait_timeout(&mut child, Duration::from_secs(10))
        .expect("waiting works")
        .expect("no exit 10 s after Ctrl-C");
    assert!(status.success(), "{status:?}");
    let trace = Trace::parse(&trace).expect("a trace");
    let report = check(&trace, &asyncio::properties::properties());
    assert!(report.is_ok(), "{report}");
    assert!(
        trace
            .lines
            .iter()
            .any(|l| l.event.actor == "ctrl-c" && l.event.kind == "shutdown")
    );
}

#[test]
fn ctrl_c_amid_the_clients_loses_no_accepted_echo() {
    use std::collections::BTreeSet;
    let mut child = Command::new(env!("CARGO_BIN_EXE_asyncio"))
        .args(["--trace", "--cell", "echo-server", "--clients", "5000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the asyncio binary starts");
    // Interrupt as soon as the first client got its echo: thousands are still in flight.
    let trace = interrupt_after(&mut child, "\"kind\":\"recv\"");
    let out = child.wait_with_output().expect("the run ends");
    assert!(out.status.success(), "{:?}: {}", out.status, stderr(&out));
    let trace = Trace::parse(&trace).expect("a trace");
    let said = |kind: &str| -> BTreeSet<String> {
        let lines = trace.lines.iter().filter(|l| l.event.kind == kind);
        lines.map(|l| l.event.value.clone()).collect()
    };
    assert!(
        said("print")
            .iter()
            .any(|p| p.starts_with("Ctrl-C: stopped early")),
        "{:?}",
        said("print")
    );
    // Every echo the server began reached its client: nothing accepted was lost.
    let (echoed, received) = (said("echo"), said("recv"));
    assert!(
        echoed.is_subset(&received),
        "{:?}",
        echoed.difference(&received)
    );
    let props: Vec<_> = asyncio::properties::properties()
        .into_iter()
        .filter(|p| {
            [
                "every-connection-ends-before-the-server-stops",
                "server-stops-once",
                "server-stops-after-shutdown-is-asked",
                "server-echoes-only-what-was-sent",
                "echo-before-the-client-receives",
            ]
            .contains(&p.name.as_str())
        })
        // Each task's order: a rule every lesson trace gets, asked for here by name.
        .chain([interleaving::Property::new(
            "per-actor-order",
            interleaving::Rule::PerActorOrder,
        )])
        .collect();
    assert_eq!(props.len(), 6);
    let report = check(&trace, &props);
    assert!(report.is_ok(), "{report}");
}
