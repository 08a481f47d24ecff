//! Real OS processes with Python's multiprocessing semantics: fork, spawn, Pool, pipes.
//!
//! The lesson is not written yet (issue #4). The crate exists so that the workspace,
//! the xtask table and CI already know about it.

pub mod properties;
