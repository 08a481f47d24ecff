//! The repo checks itself (rust-analyzer's `tidy.rs`), in parts: [`workspace`] keeps the
//! members, demos and file headers true, [`deps`] the dependency lists, [`readme`] the
//! README's notebook index, and [`once`] keeps helpers every lesson needs in one place.

mod deps;
mod once;
mod readme;
mod workspace;
