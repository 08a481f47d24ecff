//! The asyncio lesson the notebook never finished, on tokio.
//!
//! The lesson is not written yet (issue #7). The crate exists so that the workspace,
//! the xtask table and CI already know about it.

pub mod properties;
