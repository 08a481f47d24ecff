//! The judge's model checks of a learner's primitive, with loom: every interleaving of a few
//! threads using it, not just the ones a run happens to show. One module per exercise that
//! builds a primitive, each `include!`ing the file being judged.
//!
//! Built only with the `loom` feature, by `cargo xtask exercise NAME`, which first writes the
//! file being judged to `target/exercise/loom/NAME.rs` (its `//!` header made plain comments,
//! since the file's items are included into a module), and each other model's file from its
//! solution, so that every module here compiles.

mod lost_update;
mod set_then_clear;
