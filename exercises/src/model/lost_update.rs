//! The model check of `lost-update`'s counter: two threads adding once each end at 2.

#![allow(dead_code, unused_imports)]

include!("../../../target/exercise/loom/lost_update.rs");

#[test]
fn loom_two_threads_adding_once_each_end_at_two() {
    loom::model(|| {
        let counter = loom::sync::Arc::new(new_counter());
        let adders: Vec<_> = (0..2)
            .map(|_| {
                let c = loom::sync::Arc::clone(&counter);
                loom::thread::spawn(move || add(&c, 1))
            })
            .collect();
        for a in adders {
            a.join().expect("an adder panicked");
        }
        let got = value(&counter);
        assert_eq!(
            got, 2,
            "LOOM: the counter ended at {got}, not 2: in this interleaving both threads read 0, \
             then both wrote 1"
        );
    });
}
