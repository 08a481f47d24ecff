//! What the ported CPython tests share: running one scenario on both of tokio's runtimes, and
//! a drop guard that counts cleanups (Python's `finally:` in a cancelled coroutine).

#![allow(dead_code)]

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use asyncio::Flavour;

/// Runs the scenario `make()` builds on a `current_thread` runtime, then on a `multi_thread`
/// one, each fresh.
pub fn on_both<F, Fut>(make: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    for flavour in [Flavour::Current, Flavour::Multi] {
        flavour.build().expect("a runtime").block_on(make());
    }
}

/// Counts how many guards were dropped (cleanups run).
#[derive(Clone, Default)]
pub struct Cleanups(Arc<AtomicUsize>);

/// Adds one to its [`Cleanups`] when dropped.
pub struct Guard(Arc<AtomicUsize>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Cleanups {
    pub fn guard(&self) -> Guard {
        Guard(Arc::clone(&self.0))
    }
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}
