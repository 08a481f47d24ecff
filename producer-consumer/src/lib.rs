//! Python's queue.Queue built from a Mutex and Condvars, checked with loom.
//!
//! The lesson is not written yet (issue #5). The crate exists so that the workspace,
//! the xtask table and CI already know about it.

pub mod properties;
