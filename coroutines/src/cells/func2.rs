//! In \[20\]-\[21\]: `func2()` makes a generator object; nothing runs until `next`.

use std::rc::Rc;

use anyhow::bail;
use interleaving::Actor;
use interleaving::emit::narrate;

use super::Knobs;
use crate::GenError;
use crate::notebook::func2;

/// "Using the `yield` keywords, a function can be sent the context of the current function."
/// The notebook prints `<generator object func2 at 0x103b033e0>`: a generator object, not 5.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Rc::new(Actor::new("main"));
    narrate(">>> g = func2()\n>>> g");
    let mut g = func2(&main);
    // The repr shows the state instead of Python's address, so every run prints the same.
    main.print(format!("{:?}", g.generator()));

    narrate(">>> next(g)");
    let five = g.advance()?;
    main.print(five.to_string());

    // New: a second next() finds the body finished: StopIteration, and the object is closed.
    narrate(">>> next(g)");
    match g.advance() {
        Err(GenError::StopIteration(_)) => main.print("StopIteration"),
        other => bail!("func2 should have been finished after one yield, got {other:?}"),
    }
    narrate(">>> g");
    main.print(format!("{:?}", g.generator()));
    Ok(())
}
