//! `pipe` and `Queue` between real processes: order kept, nothing lost, EOF when writers close.

use multiprocessing::{PipeError, Process, Queue, pipe};

#[test]
fn a_pipe_carries_messages_in_order_from_a_child() {
    let (rx, tx) = pipe::<Vec<String>>().unwrap();
    let mut child = Process::new("writer", move || {
        for i in 0..100 {
            tx.send(&vec![i.to_string(); 3]).unwrap();
        }
    });
    child.start().unwrap();
    // The parent's copy of `tx` went with the closure: when the child exits, no writer is left.
    for i in 0..100 {
        assert_eq!(rx.recv().unwrap(), vec![i.to_string(); 3]);
    }
    assert!(matches!(rx.recv(), Err(PipeError::Eof)));
    child.join().unwrap();
    assert_eq!(child.exitcode(), Some(0));
}

#[test]
fn a_big_message_crosses_a_pipe_whole() {
    let (rx, tx) = pipe::<String>().unwrap();
    let big = "x".repeat(1 << 20);
    let expected = big.clone();
    let mut child = Process::new("big", move || tx.send(&big).unwrap());
    child.start().unwrap();
    assert_eq!(rx.recv().unwrap(), expected);
    child.join().unwrap();
}

#[test]
fn queue_from_three_producer_processes_loses_and_duplicates_nothing() {
    let q = Queue::<Option<(u32, u32)>>::new().unwrap();
    let mut producers: Vec<Process> = (0..3)
        .map(|p| {
            let q = q.try_clone().unwrap();
            Process::new(format!("producer-{p}"), move || {
                for i in 0..200 {
                    q.put(&Some((p, i))).unwrap();
                }
                q.put(&None).unwrap();
            })
        })
        .collect();
    for p in &mut producers {
        p.start().unwrap();
    }
    let mut got: Vec<Vec<u32>> = vec![Vec::new(); 3];
    let mut done = 0;
    while done < 3 {
        match q.get().unwrap() {
            Some((p, i)) => got[p as usize].push(i),
            None => done += 1,
        }
    }
    for p in &mut producers {
        p.join().unwrap();
    }
    // Per producer, FIFO; overall, every message exactly once.
    for per in got {
        assert_eq!(per, (0..200).collect::<Vec<_>>());
    }
}

#[test]
fn a_queue_message_over_pipe_buf_is_refused() {
    let q = Queue::<String>::new().unwrap();
    // PIPE_BUF is 4096 on Linux: a 4096-character string is more once framed.
    let err = q.put(&"x".repeat(4096)).unwrap_err();
    assert!(matches!(err, PipeError::TooBig { .. }), "{err}");
    assert!(err.to_string().contains("PIPE_BUF"), "{err}");
}
