//! `cargo xtask bench`, in parts: [`rows`] says what is measured (criterion ids and Python
//! keys), [`figures`] reads one pass of measurements into figures, [`exec`] runs one benchmark
//! at a time so the two sides of a ratio take turns, [`stats`] says what a handful of paired
//! samples can honestly claim, [`goal`] what the report is read against, [`curves`] measures
//! cost against work, [`history`] compares with the previous run, [`only`] picks the rows and
//! curves of `--only`, [`report`] writes the markdown, and [`run`] puts them in order.

pub mod curves;
pub mod exec;
mod figures;
pub mod goal;
pub mod history;
pub mod only;
pub mod report;
pub mod rows;
pub mod run;
pub mod stats;

pub use figures::*;
