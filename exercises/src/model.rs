//! The judge's model check of the learner's counter (`lost-update`), with loom: every
//! interleaving of two threads adding once each, not just the ones a run happens to show.
//!
//! Built only with the `loom` feature, by `cargo xtask exercise lost-update`, which first
//! writes the file being judged to `target/exercise/loom/learner.rs` (its `//!` header made
//! plain comments, since the file's items are included here, in this module).

#![allow(dead_code, unused_imports)]

include!("../../target/exercise/loom/learner.rs");

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
