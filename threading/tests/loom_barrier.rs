#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom explores every interleaving of these small models of [`threading::Barrier`]: two
//! threads get indices 0 and 1, the action runs once per round before anyone passes, two
//! rounds in a row do not mix, and an `abort()` reaches a waiter whenever it comes. Run with
//! `RUSTFLAGS="--cfg loom" cargo test --release -p threading --test loom_barrier`.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use threading::{Barrier, BrokenBarrierError};

#[test]
fn distinct_indices_and_one_action_per_round() {
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(3);
    model.check(|| {
        let actions = Arc::new(AtomicUsize::new(0));
        let a = actions.clone();
        let b = Arc::new(Barrier::new(2).expect("2 parties").with_action(move || {
            a.fetch_add(1, Ordering::SeqCst);
        }));
        let rounds = {
            let (b, actions) = (b.clone(), actions.clone());
            move || {
                let mut mine = Vec::new();
                for round in 1..=2 {
                    mine.push(b.wait().expect("never broken"));
                    assert_eq!(actions.load(Ordering::SeqCst), round, "action not run once");
                }
                mine
            }
        };
        let other = thread::spawn(rounds.clone());
        let mine = rounds();
        let theirs = other.join().expect("returns");
        for r in 0..2 {
            let mut pair = [mine[r], theirs[r]];
            pair.sort();
            assert_eq!(pair, [0, 1], "round {r}: indices not distinct");
        }
    });
}

#[test]
fn abort_breaks_a_waiter_whenever_it_comes() {
    loom::model(|| {
        let b = Arc::new(Barrier::new(2).expect("2 parties"));
        let waiter = {
            let b = b.clone();
            thread::spawn(move || b.wait())
        };
        b.abort();
        assert_eq!(waiter.join().expect("returns"), Err(BrokenBarrierError));
        assert!(b.broken());
        b.reset();
        assert!(!b.broken());
    });
}
