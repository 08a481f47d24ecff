//! `cargo xtask notebook` as a user meets it: a bad lesson or run count is a usage error
//! (exit 2, naming the valid values), and a lesson with a cell broken on purpose gets a page
//! that shows, from real runs, the property that cell violates, with its trace lines.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn an_unknown_lesson_is_a_usage_error_naming_the_lessons() {
    let out = xtask(&["notebook", "no-such-lesson"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("producer-consumer"), "{}", text(&out));
}

#[test]
fn zero_runs_is_a_usage_error() {
    let out = xtask(&["notebook", "coroutines", "--runs", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--runs"), "{}", text(&out));
}

#[test]
fn the_two_lanes_page_shows_the_queue_it_breaks_from_real_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["notebook", "producer-consumer", "--runs", "2", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    // Broken on purpose is no failure: the command still passes.
    assert!(out.status.success(), "{}", text(&out));
    let page = std::fs::read_to_string(dir.path().join("producer-consumer.html")).unwrap();
    let start = page
        .find("id=\"cell-two-lanes\"")
        .expect("the two-lanes cell");
    let cell = &page[start..];
    let cell = &cell[..cell.find("</section>").unwrap()];
    assert!(
        cell.contains(
            "<tr class=\"on-purpose\"><td>linearizable</td><td><span class=\"violated\">\
             violated</span> in 2 of 2 runs"
        ),
        "{cell}"
    );
    assert!(
        cell.contains("VIOLATED  linearizable [cell two-lanes]"),
        "{cell}"
    );
    assert!(cell.contains("  line ") && cell.contains("&quot;kind&quot;:&quot;call&quot;"));
    assert!(
        cell.contains("<table class=\"operations\">"),
        "the queue's intervals"
    );
    // The cells that must keep their properties did.
    assert!(!page.contains("a property failed"), "{page}");
}
