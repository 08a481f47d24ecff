//! The lesson's cells, in the notebook's order. Each cell's `///` is the notebook's markdown,
//! its body the code cell.

use interleaving::{Cell, Lesson};

mod square_cube;

/// Knobs a learner can turn (none yet for the notebook's cells).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Knobs {}

/// Name of the cell with the notebook's square and cube threads.
pub const SQUARE_CUBE: &str = "square-cube";

/// The threading lesson, cell by cell.
pub const LESSON: Lesson<'static, Knobs> = Lesson {
    name: "threading",
    intro: "Threading: threads share memory and stdout, and in Rust they run truly in parallel.",
    cells: &[Cell {
        name: SQUARE_CUBE,
        notebook: "In [7]-[12]",
        title: "two threads and a \"Hello\"; join waits",
        about: "t1 prints a square, t2 a cube, while main prints \"Hello\" without waiting: the three\n\
                can come in any order, and a line printed in pieces can be torn by another thread.\n\
                Then main joins both and prints \"Hello\" again, always last.",
        run: square_cube::run,
    }],
};
