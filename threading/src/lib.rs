//! Threads without a GIL: the notebook's threading cells (In [7] to In [12]) in Rust.
//!
//! Python's `Thread(target=square, args=(2,))` is `std::thread::spawn(move || square(2))`;
//! `t1.join()` is `handle.join()`. Unlike CPython, Rust threads run Rust code truly in
//! parallel: there is no global interpreter lock. What stays the same is the lesson of the
//! notebook: threads share stdout, so output from several threads interleaves, and a line
//! printed in pieces can be torn in the middle ("Square:Cube: 4").
//!
//! Trace kinds used here: `print` and `write` (output), `start` (main started a thread;
//! value: its name), `join` (main's join returned; value: who).

pub mod cells;
pub mod properties;
mod pyprint;

pub use pyprint::py_print;

use interleaving::Actor;

/// The notebook's `square(n)`: `print("Square:", n**2)`, piece by piece like Python's print.
pub fn square(n: u64) {
    let me = Actor::new("square");
    py_print(&me, &["Square:", &(n * n).to_string()]);
}

/// The notebook's `cube(n)`: `print("Cube:", n**3)`, piece by piece like Python's print.
pub fn cube(n: u64) {
    let me = Actor::new("cube");
    py_print(&me, &["Cube:", &(n * n * n).to_string()]);
}
