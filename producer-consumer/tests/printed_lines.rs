//! Every line a cell prints is claimed by its `printed-lines` property: on real runs with
//! knobs other than the defaults, a line deleted or changed fails the check, naming the line,
//! and the many-to-many cell's line is checked in one pass however many items it moved.

use std::time::{Duration, Instant};

use interleaving::testing::{Mutation, assert_printed_lines_name, at, find_all, record};
use interleaving::{Trace, check};
use producer_consumer::properties::{properties, spec};

const BIN: &str = env!("CARGO_BIN_EXE_producer-consumer");

/// `t` passes; `m` of it fails `printed-lines` with every one of `needles` in the message.
fn fails_naming(t: &Trace, m: Mutation, needles: &[&str]) {
    assert_printed_lines_name(t, &spec(), &properties(), &m, needles);
}

/// The line of `actor`'s print (or write fragment) in `cell` whose value is `value`, the last
/// one if there are several.
fn last(t: &Trace, cell: &str, actor: &str, value: &str) -> usize {
    *find_all(t, cell, |e| e.actor == actor && e.value == value)
        .last()
        .unwrap_or_else(|| panic!("no {actor} {value:?} in {cell}"))
}

#[test]
fn task_done_join_each_item_handled_once_by_either_worker() {
    let t = record(BIN, &["--cell", "task-done-join", "--items", "7"]);
    let handled = |i: u64| {
        find_all(&t, "task-done-join", |e| {
            e.kind == "print" && e.value.ends_with(&format!(" handled {i}"))
        })[0]
    };
    let six = handled(6);
    let missing = "missing \"{actor} handled 6\" among consumer-1|consumer-2";
    fails_naming(&t, Mutation::Remove(six), &[missing]);
    // The worker that handled 6 claims the other one did: wrong either way.
    let other = if t.lines[six].event.actor == "consumer-1" {
        "consumer-2"
    } else {
        "consumer-1"
    };
    fails_naming(
        &t,
        Mutation::SetValue(six, format!("{other} handled 6")),
        &[missing, &format!("extra \"{other} handled 6\"")],
    );
    // Item 2 handled twice, item 6 never: the copy is extra, by whoever printed it.
    let two = t.lines[handled(2)].event.value.clone();
    let worker = t.lines[six].event.actor.clone();
    fails_naming(
        &t,
        Mutation::SetValue(six, two.clone()),
        &[missing, &format!("extra {two:?} by {worker}")],
    );
    let joined = at(
        &t,
        "task-done-join",
        "main",
        "q.join() returned: all 7 items done, the workers still wait for more",
    );
    fails_naming(
        &t,
        Mutation::Remove(joined),
        &["missing \"q.join() returned: all 7 items done"],
    );
}

#[test]
fn backpressure_claims_every_published_consumed_and_queue_full_line() {
    let t = record(
        BIN,
        &["--cell", "backpressure", "--items", "6", "--slow-ms", "5"],
    );
    // The last item's number fragment of "Consumed 5" lost: the line is "Consumed ".
    let five = last(&t, "backpressure", "consumer", "5");
    fails_naming(
        &t,
        Mutation::Remove(five),
        &[
            "missing \"Consumed 5\" by consumer",
            "extra \"Consumed \" by consumer",
        ],
    );
    let fulls = find_all(&t, "backpressure", |e| {
        e.actor == "producer" && e.value.starts_with("queue full: ")
    });
    // How often the queue was full varies by design; with a 5 ms consumer it nearly always
    // is at least once, and each such line must then be claimed by its `full` event.
    if let Some(&line) = fulls.last() {
        let text = t.lines[line].event.value.clone();
        fails_naming(
            &t,
            Mutation::Remove(line),
            &[&format!("missing {text:?} by producer")],
        );
        let full = find_all(&t, "backpressure", |e| {
            e.kind == "full" && text == format!("queue full: put({}) waits for a get", e.value)
        })[0];
        fails_naming(
            &t,
            Mutation::Remove(full),
            &[&format!("extra {text:?} by producer")],
        );
    }
}

#[test]
fn many_to_many_counts_are_each_consumers_gets_in_one_pass() {
    let args = [
        "--cell",
        "many-to-many",
        "--messages",
        "20000",
        "--producers",
        "3",
        "--consumers",
        "5",
    ];
    let t = record(BIN, &args);
    let line = *find_all(&t, "many-to-many", |e| {
        e.actor == "main" && e.kind == "print"
    })
    .last()
    .expect("main's line");
    let said = t.lines[line].event.value.clone();
    assert!(
        said.starts_with("3 producers x 5 consumers, 20000 items; each consumer got: consumer-1 "),
        "{said}"
    );
    // One consumer's count one higher (another's one lower would keep the sum).
    let (head, n) = said.rsplit_once(' ').expect("a count");
    let n: u64 = n.parse().expect("a count");
    let wrong = format!("{head} {}", n + 1);
    fails_naming(
        &t,
        Mutation::SetValue(line, wrong.clone()),
        &[
            &format!("missing {said:?} by main"),
            &format!("extra {wrong:?} by main"),
        ],
    );
    // 20000 puts and 20000 gets: the printed-lines rule alone is one pass over them.
    let printed: Vec<_> = properties()
        .into_iter()
        .filter(|p| p.name == "printed-lines" && p.cell.as_deref() == Some("many-to-many"))
        .collect();
    let t0 = Instant::now();
    assert!(check(&t, &printed).is_ok());
    let took = t0.elapsed();
    // A bound, not a timing: a scan per get (quadratic) would take minutes here.
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn crossbeam_and_two_lanes_lines_are_claimed() {
    let t = record(BIN, &["--cell", "crossbeam", "--items", "9"]);
    let timeout = at(
        &t,
        "crossbeam",
        "main",
        "select!: nothing on the channel in 20 ms, timed out",
    );
    fails_naming(
        &t,
        Mutation::Remove(timeout),
        &["missing \"select!: nothing on the channel in 20 ms, timed out\" by main"],
    );
    let got = *find_all(&t, "crossbeam", |e| {
        e.actor == "main" && e.value.starts_with("every Sender dropped")
    })
    .first()
    .expect("main's line");
    fails_naming(
        &t,
        Mutation::SetValue(
            got,
            "every Sender dropped, so the receivers' loops ended; they got: consumer-1 18, consumer-2 0 "
                .into(),
        ),
        &["missing \"every Sender dropped, so the receivers' loops ended; they got: consumer-"],
    );

    let t = record(BIN, &["--cell", "two-lanes", "--items", "3"]);
    let op = at(
        &t,
        "two-lanes",
        "main",
        "  consumer-2: get_nowait() -> 2:0 [lines 7-8]",
    );
    fails_naming(
        &t,
        Mutation::Remove(op),
        &["missing \"  consumer-2: get_nowait() -> 2:0 [lines 7-8]\" by main"],
    );
    let rounds = at(
        &t,
        "two-lanes",
        "main",
        "3 round(s): nothing lost, nothing twice, each producer's items in order. But:",
    );
    fails_naming(
        &t,
        Mutation::SetValue(
            rounds,
            "5 round(s): nothing lost, nothing twice, each producer's items in order. But:".into(),
        ),
        &["missing \"3 round(s)"],
    );
}
