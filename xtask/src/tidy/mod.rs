//! The repo checks itself (rust-analyzer's `tidy.rs`), in parts: [`workspace`] keeps the
//! members, demos and file headers true, [`deps`] the dependency lists, [`readme`] the
//! README's notebook index, [`once`] keeps helpers every lesson needs in one place, and
//! [`printed`] that every cell claims the lines it prints.

mod deps;
mod once;
mod printed;
mod readme;
mod workspace;
