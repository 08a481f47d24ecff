#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom explores every interleaving of these small models of [`threading::Event`]: no
//! wake-up is ever lost, whichever thread runs first. Run with
//! `RUSTFLAGS="--cfg loom" cargo test --release -p threading --test loom_event`.

use loom::sync::Arc;
use loom::thread;
use threading::Event;

#[test]
fn set_wakes_a_waiter_whatever_runs_first() {
    loom::model(|| {
        let e = Arc::new(Event::new());
        let waiter = {
            let e = e.clone();
            thread::spawn(move || {
                e.wait();
                assert!(e.is_set());
            })
        };
        e.set();
        waiter.join().expect("the waiter returns");
    });
}

#[test]
fn set_wakes_two_waiters() {
    loom::model(|| {
        let e = Arc::new(Event::new());
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let e = e.clone();
                thread::spawn(move || e.wait())
            })
            .collect();
        e.set();
        for w in waiters {
            w.join().expect("every waiter returns");
        }
    });
}

#[test]
fn a_zero_timeout_sees_the_flag_or_not_but_never_blocks() {
    loom::model(|| {
        let e = Arc::new(Event::new());
        let setter = {
            let e = e.clone();
            thread::spawn(move || e.set())
        };
        let seen = e.wait_timeout(std::time::Duration::ZERO);
        setter.join().expect("the setter returns");
        // Whatever `seen` was, the flag is up once the setter is joined.
        let _ = seen;
        assert!(e.is_set());
    });
}
