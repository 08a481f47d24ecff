//! `cargo xtask timeline`, in parts: [`window`] chooses what of a big trace a person can
//! read, [`draw`] decides where each time and lane goes, and [`page`] draws it as an SVG.

mod draw;
pub mod page;
pub mod window;

pub use draw::*;
