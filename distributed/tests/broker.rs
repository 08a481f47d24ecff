//! The broker's verbs against a real `redis-server`, each test on its own stream. Where a verb
//! mirrors Python (`queue.Queue`, `Pool.map`), the test ports CPython's and is named after it;
//! where Redis differs on purpose, the test shows what it does instead.

mod util;

use std::time::Duration;

use distributed::cells::pool_map::{place, render};
use distributed::{Body, Broker, BrokerError};

fn fresh(url: &str, stream: &str) -> Broker {
    let mut b = Broker::connect(url, stream).unwrap();
    b.prepare().unwrap();
    b
}

fn item(b: &mut Broker, consumer: &str) -> (String, String) {
    let e = b
        .get(consumer, Duration::from_millis(10))
        .unwrap()
        .expect("an entry");
    match e.body {
        Body::Item(i) => (i, e.id),
        Body::End => panic!("end marker"),
    }
}

/// Ports CPython's `test_queue.BaseQueueTestMixin.simple_queue_test` (the FIFO part): what
/// goes in as 111, 333, 222 comes out in that order.
#[test]
fn simple_queue_test() {
    let Some(s) = util::server() else { return };
    let mut b = fresh(s.url(), "t:simple");
    let ids: Vec<String> = ["111", "333", "222"]
        .iter()
        .map(|i| b.put(i).unwrap())
        .collect();
    let got: Vec<(String, String)> = (0..3).map(|_| item(&mut b, "c")).collect();
    let items: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(items, ["111", "333", "222"]);
    // The ids the server gave are the order: increasing, and the ones we read.
    assert!(
        ids.windows(2)
            .all(|w| w[0] < w[1] || w[0].len() < w[1].len())
    );
    assert_eq!(
        got.iter().map(|(_, id)| id.clone()).collect::<Vec<_>>(),
        ids
    );
    // Nothing more: a get that times out is None (Python: queue.Empty).
    assert_eq!(b.get("c", Duration::from_millis(10)).unwrap(), None);
    // `q.get(block=0)`: a zero timeout answers at once (sent as `BLOCK 0`, it would wait
    // past the connection's 10 s read timeout and fail).
    let started = std::time::Instant::now();
    assert_eq!(b.get("c", Duration::ZERO).unwrap(), None);
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Ports CPython's `test_queue.BaseQueueTestMixin.test_queue_task_done` as a stated
/// difference: Python raises `ValueError` for a `task_done()` too many; `XACK` of an entry
/// already acknowledged is no error, it acknowledges nothing (false).
#[test]
fn test_queue_task_done() {
    let Some(s) = util::server() else { return };
    let mut b = fresh(s.url(), "t:task-done");
    b.put("1").unwrap();
    let (_, id) = item(&mut b, "c");
    assert!(b.task_done(&id).unwrap());
    assert!(!b.task_done(&id).unwrap());
}

/// Ports the idea of CPython's `queue_join_test`: the work is done when every item got has
/// had its `task_done`. On a stream that count is the group's pending list.
#[test]
fn queue_join_test() {
    let Some(s) = util::server() else { return };
    let mut b = fresh(s.url(), "t:join");
    for i in 0..3 {
        b.put(&i.to_string()).unwrap();
    }
    assert_eq!(b.backlog().unwrap(), 3, "three added, none acknowledged");
    let got: Vec<(String, String)> = (0..3).map(|_| item(&mut b, "c")).collect();
    assert_eq!(
        b.pending().unwrap(),
        3,
        "read is not done: all three still pending"
    );
    assert_eq!(b.backlog().unwrap(), 3);
    for (n, (_, id)) in got.iter().enumerate() {
        b.task_done(id).unwrap();
        assert_eq!(b.pending().unwrap(), 2 - n);
    }
    assert_eq!(b.backlog().unwrap(), 0);
}

#[test]
fn an_unacknowledged_entry_is_claimed_only_once_idle_long_enough() {
    let Some(s) = util::server() else { return };
    let mut b = fresh(s.url(), "t:claim");
    b.put("7").unwrap();
    let (_, id) = item(&mut b, "dead");
    // Idle for less than a minute: nobody may take it yet.
    assert_eq!(b.claim("live", Duration::from_secs(60)).unwrap(), None);
    // Any idle time at all: the live consumer takes it over, same entry, same id.
    let e = b.claim("live", Duration::ZERO).unwrap().expect("claimed");
    assert_eq!((e.id.clone(), e.body), (id.clone(), Body::Item("7".into())));
    // Delivered twice, acknowledged once: the second XACK acknowledges nothing.
    assert!(b.task_done(&id).unwrap());
    assert!(!b.task_done(&id).unwrap());
    assert_eq!(b.claim("live", Duration::ZERO).unwrap(), None);
}

#[test]
fn the_sink_writes_once() {
    let Some(s) = util::server() else { return };
    let mut b = fresh(s.url(), "t:sink");
    assert!(b.store_once("3", "9").unwrap());
    assert!(!b.store_once("3", "9").unwrap());
    assert!(!b.store_once("3", "other").unwrap());
}

#[test]
fn foreign_entries_are_errors_not_items() {
    let Some(s) = util::server() else { return };
    let mut b = fresh(s.url(), "t:foreign");
    let mut conn = distributed::broker::connect(s.url()).unwrap();
    let _: String = redis::cmd("XADD")
        .arg("t:foreign")
        .arg("*")
        .arg("order")
        .arg("42")
        .query(&mut conn)
        .unwrap();
    let err = b.get("c", Duration::from_millis(10)).unwrap_err();
    assert!(
        matches!(err, BrokerError::Foreign { ref fields, .. } if fields == "order"),
        "{err}"
    );
    // prepare() refuses to clear a stream that holds it, and a key that is no stream.
    assert!(matches!(b.prepare(), Err(BrokerError::Foreign { .. })));
    let () = redis::cmd("SET")
        .arg("t:string")
        .arg("x")
        .query(&mut conn)
        .unwrap();
    let mut b = Broker::connect(s.url(), "t:string").unwrap();
    assert!(matches!(b.prepare(), Err(BrokerError::Foreign { .. })));
}

#[test]
fn a_reply_that_never_comes_is_a_timeout_not_a_hang() {
    let Some(s) = util::server() else { return };
    let mut b = fresh(s.url(), "t:reply");
    let t = std::time::Instant::now();
    let err = b.next_reply(Duration::from_secs(1)).unwrap_err();
    assert!(matches!(err, BrokerError::Timeout { .. }), "{err}");
    // A bound, from 0.6x to 10x.
    assert!(t.elapsed() >= Duration::from_millis(600) && t.elapsed() < Duration::from_secs(10));
}

/// Ports CPython's `_test_multiprocessing._TestPool.test_map`: `pool.map(sqr, range(10))`
/// equals `list(map(sqr, range(10)))`, whatever order the workers' replies arrived in.
#[test]
fn test_map() {
    let replies: Vec<String> = [7, 2, 9, 0, 4, 1, 8, 3, 6, 5]
        .iter()
        .map(|x| format!("{x} ok {}", x * x))
        .collect();
    let got = place(&replies, 10).unwrap();
    let want: Vec<Result<u64, String>> = (0..10).map(|x| Ok(x * x)).collect();
    assert_eq!(got, want);
}

/// A stated difference from Python: `Pool.map` raises the first task's exception and drops
/// every result; ours gives each input its own outcome, the failure in its place.
#[test]
fn a_failing_input_is_its_own_error_in_its_place() {
    let replies = vec![
        "2 ok 4".to_owned(),
        "1 err ValueError: item 1 is bad".to_owned(),
        "0 ok 0".to_owned(),
    ];
    let got = place(&replies, 3).unwrap();
    assert_eq!(got[1], Err("ValueError: item 1 is bad".to_owned()));
    assert_eq!(render(&got), "0, err, 4");
    // A missing reply is an error, never a placeholder.
    assert!(place(&replies[..2], 3).is_err());
}

#[test]
fn a_worker_that_came_first_survives_the_producer_clearing_the_stream() {
    let Some(s) = util::server() else { return };
    // The worker finds no group (NOGROUP) and makes it, then blocks reading.
    let url = s.url().to_owned();
    let worker = std::thread::spawn(move || {
        let mut w = Broker::connect(&url, "t:early").unwrap();
        let mut got = Vec::new();
        while got.is_empty() {
            if let Some(e) = w.get("early", Duration::from_millis(200)).unwrap() {
                got.push(e.body);
            }
        }
        got
    });
    // The producer clears the stream under the blocked read (UNBLOCKED), then adds.
    let mut conn = distributed::broker::connect(s.url()).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while redis::cmd("EXISTS")
        .arg("t:early")
        .query::<usize>(&mut conn)
        .unwrap()
        == 0
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the worker made no group"
        );
        std::thread::yield_now();
    }
    let mut b = fresh(s.url(), "t:early");
    b.put("5").unwrap();
    assert_eq!(worker.join().unwrap(), [Body::Item("5".into())]);
}
