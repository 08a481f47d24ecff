//! The recorded run that `properties.rs` and `properties_primitives.rs` both mutate: the whole
//! lesson, four lines per thread, small enough counts to run fast.

use std::sync::OnceLock;

use interleaving::testing::Recording;
use threading::properties::{properties, spec};

/// One recorded run of the lesson, shared by the tests of a file (recorded once per file).
pub fn run() -> &'static Recording {
    static RUN: OnceLock<Recording> = OnceLock::new();
    RUN.get_or_init(|| {
        Recording::new(
            env!("CARGO_BIN_EXE_threading"),
            &["--lines", "4", "--adds", "2000", "--primes-below", "20000"],
            spec(),
            properties(),
        )
    })
}
