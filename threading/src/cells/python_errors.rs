//! New: what Python reports at run time and Rust does not compile (the doctests in
//! `crate::python_errors` check that each really is a compile error).

use super::Knobs;
use crate::python_errors::TABLE;

/// Each row: the Python mistake and what happens, then what Rust says at compile time.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = super::main_actor();
    for (python, rust, code) in TABLE {
        main.print(format!("Python: {python}"));
        main.print(format!("  Rust: {rust} [{code}]"));
    }
    Ok(())
}
