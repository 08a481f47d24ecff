//! New: a coroutine with state (a running average) and a return value.

use std::rc::Rc;

use anyhow::bail;
use interleaving::Actor;
use interleaving::emit::narrate;

use super::Knobs;
use crate::notebook::averager;
use crate::{GenError, Repr};

/// The values the cell sends, one at a time.
pub const TERMS: [f64; 3] = [10.0, 30.0, 5.0];

/// Between two sends the body's locals (`total`, `count`) stay alive on its stack: that is
/// the state a coroutine keeps, where a function would forget it.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Rc::new(Actor::new("main"));
    narrate(">>> avg = averager()\n>>> next(avg)");
    let mut avg = averager(&main);
    main.print(avg.advance()?.repr());
    for term in TERMS {
        narrate(&format!(">>> avg.send({})", term.repr()));
        main.print(avg.send(term)?.repr());
    }
    // next(avg) sends None: the loop breaks and the body returns (count, average).
    narrate(">>> next(avg)");
    match avg.advance() {
        Err(GenError::StopIteration(Some(result))) => {
            main.print(format!("StopIteration: {}", result.repr()));
        }
        other => bail!("averager should return (count, average), got {other:?}"),
    }
    Ok(())
}
