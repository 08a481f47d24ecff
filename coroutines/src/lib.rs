//! Python generators with PEP 342 semantics (send, throw, close) on stackful coroutines.
//!
//! The lesson is not written yet (issue #6). The crate exists so that the workspace,
//! the xtask table and CI already know about it.

pub mod properties;
