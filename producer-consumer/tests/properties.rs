//! The lesson's properties on a real recorded run, through the shared harness
//! (`interleaving::testing`): all hold, each asserted one is caught by a named mutation of the
//! run, and observations record without failing. That every asserted property can fail at all
//! is `mutation.rs`.

use std::sync::OnceLock;

use interleaving::testing::{
    Mutation, Recording, assert_not_run_without_its_cell, at, at_kind, find, find_all, observed,
};
use producer_consumer::properties::{properties, spec};

/// One recorded run of the lesson, shared by the tests.
fn run() -> &'static Recording {
    static RUN: OnceLock<Recording> = OnceLock::new();
    RUN.get_or_init(|| {
        Recording::new(
            env!("CARGO_BIN_EXE_producer-consumer"),
            &["--messages", "24", "--items", "6"],
            spec(),
            properties(),
        )
    })
}

/// The `kind` event of `cell` with value `value`.
fn ev(cell: &str, kind: &str, value: &str) -> usize {
    find(run(), cell, |e| e.kind == kind && e.value == value)
}

/// Lines `a` and `b` with their values exchanged: two items taken in the other order.
fn exchange(a: usize, b: usize) -> Mutation {
    let v = |i: usize| run().lines[i].event.value.clone();
    Mutation::All(vec![
        Mutation::SetValue(a, v(b)),
        Mutation::SetValue(b, v(a)),
    ])
}

/// Two `kind` events of one actor in `cell` whose items come from the same producer
/// ("p:j"): exchanging them breaks that producer's order. Some consumer got two items of one
/// producer: with more items than producers, one must have.
fn same_producer_pair(cell: &str, kind: &str) -> (usize, usize) {
    let t = run();
    let all = find_all(t, cell, |e| e.kind == kind);
    let from = |i: usize| {
        t.lines[i]
            .event
            .value
            .split(':')
            .next()
            .unwrap_or("")
            .to_owned()
    };
    for (n, &a) in all.iter().enumerate() {
        let who = &t.lines[a].event.actor;
        if let Some(&b) = all[n + 1..]
            .iter()
            .find(|&&b| &t.lines[b].event.actor == who && from(b) == from(a))
        {
            return (a, b);
        }
    }
    panic!("no actor took two items of one producer in {cell}")
}

#[test]
fn every_property_holds_on_a_real_run() {
    run().holds_with_every_cell();
}

#[test]
fn a_missing_cell_is_reported_not_run() {
    let bin = env!("CARGO_BIN_EXE_producer-consumer");
    let absent = "select-times-out-once";
    assert_not_run_without_its_cell(bin, &spec(), &properties(), "producer-consumer", absent);
}

mod notebook {
    use super::*;
    const CELL: &str = "producer-consumer";

    #[test]
    fn published_in_order_catches_a_skipped_or_unprinted_item() {
        let name = "published-0-to-n-in-order";
        run().caught(
            Mutation::SetValue(at(run(), CELL, "producer", "1"), "2".into()),
            name,
        );
        // The "Published 1" line says 7: its digit is the second write "1" of the producer.
        let digit = find_all(run(), CELL, |e| e.actor == "producer" && e.value == "1")[1];
        run().caught(Mutation::SetValue(digit, "7".into()), name);
    }

    #[test]
    fn consumed_equals_published_catches_reordering() {
        run().caught(
            exchange(ev(CELL, "get", "0"), ev(CELL, "get", "1")),
            "consumed-equals-published",
        );
    }

    #[test]
    fn every_get_after_its_put_began_catches_a_get_before_its_put() {
        run().caught(
            Mutation::MoveBefore(ev(CELL, "get", "3"), ev(CELL, "put", "3")),
            "every-get-after-its-put-began",
        );
    }

    #[test]
    fn consumer_ends_cleanly_catches_an_unjoined_crashed_or_busy_consumer() {
        let name = "consumer-ends-cleanly";
        let exit = at_kind(run(), CELL, "consumer", "exit");
        run().caught(Mutation::Remove(ev(CELL, "join", "consumer")), name);
        run().caught(Mutation::SetValue(exit, "crashed".into()), name);
        // Did something after its exit.
        run().caught(Mutation::MoveAfter(exit - 1, exit), name);
    }

    #[test]
    fn consumer_ends_after_shutdown_catches_an_early_exit() {
        let shutdown = at_kind(run(), CELL, "main", "shutdown");
        let exit = at_kind(run(), CELL, "consumer", "exit");
        run().caught(
            Mutation::MoveAfter(shutdown, exit),
            "consumer-ends-after-shutdown",
        );
    }

    #[test]
    fn linearizable_catches_shutdown_while_an_item_waits() {
        // The consumer's get says ShutDown (so: empty) while item 1 sat in the queue all along.
        let ret = ev(CELL, "ret", "get 1");
        run().caught(
            Mutation::SetValue(ret, "get !ShutDown".into()),
            "linearizable",
        );
    }
}

mod task_done {
    use super::*;
    const CELL: &str = "task-done-join";

    #[test]
    fn each_task_done_property_catches_its_break() {
        let done = ev(CELL, "done", "5");
        run().caught(Mutation::Remove(done), "every-item-done-once");
        run().caught(
            Mutation::MoveBefore(ev(CELL, "join", "queue"), done),
            "join-returns-after-every-task-done",
        );
        run().caught(
            Mutation::Remove(ev(CELL, "join", "consumer-2")),
            "workers-end-cleanly",
        );
    }
}

mod backpressure {
    use super::*;
    const CELL: &str = "backpressure";

    #[test]
    fn put_waits_for_room_catches_a_producer_too_far_ahead() {
        // The consumer began its first get only after "Published 2": 3 items in a queue of 2.
        let t = run();
        let two = find(t, CELL, |e| {
            e.actor == "producer" && e.kind == "write" && e.value == "2"
        });
        let newline = find_all(t, CELL, |e| e.actor == "producer" && e.value == "\n")
            .into_iter()
            .find(|i| *i > two)
            .expect("the line ends");
        let getting = ev(CELL, "getting", "0");
        run().caught(Mutation::MoveAfter(getting, newline), "put-waits-for-room");
    }

    #[test]
    fn bounded_fifo_and_linearizable_catch_reordering() {
        run().caught(
            exchange(ev(CELL, "get", "0"), ev(CELL, "get", "1")),
            "bounded-fifo",
        );
        // A `ret` with no `call` before it.
        let call = find(run(), CELL, |e| e.kind == "call");
        run().caught(Mutation::Remove(call), "linearizable");
    }

    #[test]
    fn slow_consumer_ends_cleanly_catches_an_unjoined_consumer() {
        run().caught(
            Mutation::Remove(ev(CELL, "join", "consumer")),
            "slow-consumer-ends-cleanly",
        );
    }

    #[test]
    fn times_the_queue_was_full_is_observed() {
        let full = find_all(run(), CELL, |e| e.kind == "full").len();
        assert_eq!(
            observed(run(), &properties(), "times-the-queue-was-full"),
            full.to_string()
        );
    }
}

mod many_to_many {
    use super::*;
    const CELL: &str = "many-to-many";

    #[test]
    fn no_loss_no_dup_catches_a_lost_or_doubled_item() {
        let get = ev(CELL, "get", "1:0");
        run().caught(Mutation::Remove(get), "no-loss-no-dup");
        run().caught(Mutation::Duplicate(get), "no-loss-no-dup");
    }

    #[test]
    fn every_get_after_its_put_began_catches_a_get_before_its_put() {
        run().caught(
            Mutation::MoveBefore(ev(CELL, "get", "1:0"), ev(CELL, "put", "1:0")),
            "every-get-after-its-put-began",
        );
    }

    #[test]
    fn per_producer_order_kept_catches_a_consumer_taking_two_items_out_of_order() {
        let (a, b) = same_producer_pair(CELL, "get");
        run().caught(exchange(a, b), "per-producer-order-kept");
    }

    #[test]
    fn consumers_end_cleanly_catches_an_unjoined_consumer() {
        run().caught(
            Mutation::Remove(ev(CELL, "join", "consumer-1")),
            "consumers-end-cleanly",
        );
    }

    #[test]
    fn linearizable_catches_shutdown_while_items_wait() {
        let ret = find(run(), CELL, |e| {
            e.kind == "ret" && e.value.starts_with("get ")
        });
        run().caught(
            Mutation::SetValue(ret, "get !ShutDown".into()),
            "linearizable",
        );
    }

    #[test]
    fn items_per_consumer_is_observed() {
        // "consumer-1 19, consumer-3 5": the counts add up to the cell's gets.
        let got = observed(run(), &properties(), "items-per-consumer");
        let sum: usize = got
            .split(", ")
            .filter_map(|p| p.rsplit(' ').next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(
            sum,
            find_all(run(), CELL, |e| e.kind == "get").len(),
            "{got}"
        );
    }
}

mod crossbeam {
    use super::*;
    const CELL: &str = "crossbeam";

    #[test]
    fn each_channel_property_catches_its_break() {
        let recv = ev(CELL, "recv", "1:0");
        run().caught(Mutation::Remove(recv), "channel-no-loss-no-dup");
        let (a, b) = same_producer_pair(CELL, "recv");
        run().caught(exchange(a, b), "channel-per-sender-order-kept");
        run().caught(
            Mutation::MoveBefore(recv, ev(CELL, "send", "1:0")),
            "every-recv-after-its-send-began",
        );
        let exit = find(run(), CELL, |e| e.kind == "exit");
        run().caught(
            Mutation::SetValue(exit, "shutdown".into()),
            "receivers-end-when-senders-drop",
        );
        run().caught(
            Mutation::Remove(at_kind(run(), CELL, "main", "timeout")),
            "select-times-out-once",
        );
    }
}

#[test]
fn not_linearizable_caught_fails_when_the_lanes_behave_like_a_queue() {
    // Had each consumer got the other lane's item, the two lanes would look like one FIFO
    // queue, and the cell would not teach.
    let t = run();
    let swap = |v: &str| {
        v.replace("1:", "X:")
            .replace("2:", "1:")
            .replace("X:", "2:")
    };
    let edits = find_all(t, "two-lanes", |e| e.actor.starts_with("consumer"))
        .into_iter()
        .map(|i| Mutation::SetValue(i, swap(&t.lines[i].event.value)))
        .collect();
    run().caught(Mutation::All(edits), "not-linearizable-caught");
}

#[test]
fn empty_cells_violate_rather_than_hold() {
    // A cell that ran but did nothing must not pass as "nothing went wrong".
    let t = run();
    for cell in [
        "producer-consumer",
        "task-done-join",
        "backpressure",
        "many-to-many",
        "crossbeam",
    ] {
        let gone = find_all(t, cell, |e| e.actor != "lesson");
        let empty = Mutation::All(gone.into_iter().rev().map(Mutation::Remove).collect()).apply(t);
        let report = interleaving::check(&empty, &properties());
        assert!(
            report.violations().any(|v| v.cell.as_deref() == Some(cell)),
            "{cell}: an empty run passed:\n{report}"
        );
    }
}
