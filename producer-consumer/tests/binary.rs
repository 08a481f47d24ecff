//! The real binary: its default `--trace` run keeps every property, and its flags fail the
//! way SPEC section 2 says (exit 2, a message naming the flag and the range).

use interleaving::check;
use interleaving::testing::{
    assert_every_property_holds, assert_quiet_when_the_reader_leaves, assert_usage_error, record,
    run_bin,
};
use producer_consumer::properties::properties;

const BIN: &str = env!("CARGO_BIN_EXE_producer-consumer");

#[test]
fn default_trace_keeps_every_property() {
    for _ in 0..3 {
        assert_every_property_holds(&record(BIN, &[]), &properties());
    }
}

#[test]
fn knobs_change_the_run_and_the_properties_still_hold() {
    let trace = record(
        BIN,
        &[
            "--items",
            "40",
            "--producers",
            "3",
            "--consumers",
            "5",
            "--messages",
            "1001",
            "--slow-ms",
            "0",
        ],
    );
    let report = check(&trace, &properties());
    assert!(report.is_ok(), "{report}");
    let (_, many) = trace
        .cells()
        .into_iter()
        .find(|(name, _)| *name == "many-to-many")
        .expect("the P x C cell ran");
    let puts = many
        .iter()
        .filter(|l| l.event.kind == "put" && l.event.actor.starts_with("producer-"))
        .count();
    assert_eq!(puts, 1001);
}

#[test]
fn bad_counts_exit_2_naming_the_flag_and_range() {
    for (flag, bad, range) in [
        ("--items", "0", "from 1 to 100000"),
        ("--items", "-3", "from 1 to 100000"),
        ("--producers", "abc", "from 1 to 64"),
        ("--consumers", "65", "from 1 to 64"),
        ("--messages", "0", "from 1 to 10000000"),
        ("--slow-ms", "1001", "from 0 to 1000"),
        ("--pace-ms", "-1", "from 0 to 10000"),
        ("--pace-ms", "5", "--forever"),
    ] {
        assert_usage_error(BIN, &[flag, bad], &[flag, range]);
    }
}

#[test]
fn forever_does_not_mix_with_cell_or_list() {
    for other in [&["--cell", "1"][..], &["--list"][..]] {
        let mut args = vec!["--forever"];
        args.extend_from_slice(other);
        assert_usage_error(BIN, &args, &["cannot be used with"]);
    }
}

#[test]
fn unknown_cell_exits_2_listing_the_cells() {
    assert_usage_error(BIN, &["--cell", "9"], &["--cell", "1 producer-consumer"]);
}

#[test]
fn one_cell_by_name_runs_only_that_cell() {
    let trace = record(BIN, &["--cell", "backpressure"]);
    // The lines before the first cell (the `lesson` event) come as a cell named "".
    let cells: Vec<&str> = trace
        .cells()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(cells, ["backpressure"]);
    assert!(check(&trace, &properties()).is_ok());
}

#[test]
fn list_names_every_cell() {
    let out = run_bin(BIN, &["--list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "producer-consumer",
        "task-done-join",
        "backpressure",
        "many-to-many",
        "crossbeam",
    ] {
        assert!(text.contains(name), "{text}");
    }
}

#[test]
fn text_mode_narrates_and_prints_the_notebook_lines() {
    let out = run_bin(BIN, &["--cell", "1"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("│ "), "{text}");
    assert!(
        text.contains("consumer_thread.join() returned: it consumed 5 items"),
        "{text}"
    );
}

#[test]
fn piped_into_head_ends_quietly() {
    assert_quiet_when_the_reader_leaves(std::process::Command::new(BIN).args([
        "--trace",
        "--messages",
        "200000",
    ]));
}

/// `cargo xtask check producer-consumer --runs 100`, without xtask: run with
/// `cargo test --release -p producer-consumer --test binary -- --ignored`.
#[test]
#[ignore = "100 runs: run it on purpose"]
fn hundred_runs_keep_every_property() {
    let mut interleavings = std::collections::BTreeSet::new();
    for _ in 0..100 {
        let trace = record(BIN, &[]);
        assert_every_property_holds(&trace, &properties());
        interleavings.insert(trace.fingerprint());
    }
    eprintln!(
        "100 runs, every property held, {} distinct interleavings",
        interleavings.len()
    );
}

#[test]
fn the_big_run_is_a_flag_and_still_checks() {
    let trace = record(BIN, &["--cell", "many-to-many", "--messages", "20000"]);
    assert!(check(&trace, &properties()).is_ok());
    let gets = trace.lines.iter().filter(|l| l.event.kind == "get").count();
    assert_eq!(gets, 20000);
}
