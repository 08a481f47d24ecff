//! Exercises: small broken programs a learner fixes, judged by the lab's own checker.
//!
//! Each exercise is one file in `exercises/exercises/`, built as a binary of this crate: a
//! classic bug of one lesson's primitive (a lost update, a deadlock, a consumer that never
//! ends, a generator never primed, a forgotten `await`, a worker that acks before it works).
//! `cargo xtask exercise` lists them; `cargo xtask exercise NAME` builds one and [`judge`]s
//! it: many runs, each trace checked against the exercise's properties (the lesson's own
//! where it has them), a hang ended by the judge's time limit and reported with the actors
//! still waiting. Solutions are in `exercises/solutions/`, plausible wrong fixes (which the
//! judge must reject) in `exercises/wrong/`.
//!
//! An exercise file calls [`lab`]: the trace's frame, named threads, and the judge's gates.

// An exercise file names this crate `exercises`; under the model check it is compiled into
// this crate itself (see `model`), where that name must still resolve.
extern crate self as exercises;

pub mod catalog;
pub mod judge;
pub mod lab;
pub mod properties;
pub mod ring;
pub mod run_once;
pub mod sync;
pub mod zombies;

#[cfg(all(test, feature = "loom"))]
mod model;

pub use catalog::{EXERCISES, Exercise, find};
pub use judge::{Decision, JudgeError, Judged, judge, judge_runs, judge_with};
