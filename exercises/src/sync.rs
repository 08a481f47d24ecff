//! The synchronisation types of an exercise that builds a primitive (`lost-update`,
//! `set-then-clear`): std's and the lab's, or loom's when the judge model-checks the learner's
//! code (feature `loom`). One swap, in one place, as loom's own docs advise; the learner writes
//! `use exercises::sync::...` and the same file runs for real and under the model checker.

#[cfg(not(feature = "loom"))]
pub use std::sync::{Mutex, MutexGuard, atomic};
#[cfg(not(feature = "loom"))]
pub use threading::{Condition, ConditionGuard};

#[cfg(feature = "loom")]
pub use loom::sync::{Mutex, MutexGuard, atomic};

#[cfg(feature = "loom")]
mod loom_condition;
#[cfg(feature = "loom")]
pub use loom_condition::{Condition, ConditionGuard};
