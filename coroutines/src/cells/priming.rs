//! New: the priming rule. A generator must reach its first `yield` before it can take a value.

use std::rc::Rc;

use anyhow::bail;
use interleaving::Actor;
use interleaving::emit::narrate;

use super::Knobs;
use crate::GenError;
use crate::notebook::fancy_name;

/// What In \[29\]'s "#Initialisation" line is for: without `next(co)` there is no `yield` for
/// `send` to resume, and Python refuses. And the other way round: `next(co)` on a primed
/// `fancy_name` sends None, which its body cannot concatenate.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Rc::new(Actor::new("main"));
    narrate(">>> co = fancy_name(\"Cool\")\n>>> co.send(\"Utkarsh\")");
    let mut co = fancy_name(&main, "Cool");
    match co.send("Utkarsh".into()) {
        Err(e @ GenError::JustStarted) => main.print(e.to_string()),
        other => bail!("a send before next() must be refused, got {other:?}"),
    }
    // Refused, and nothing ran: the generator is still waiting to start.
    narrate(">>> co");
    main.print(format!("{:?}", co.generator()));

    narrate(">>> next(co)\n>>> co.send(\"Utkarsh\")");
    co.advance()?;
    co.send("Utkarsh".into())?;

    // next(co) is send(None): the body computes "Cool:" + None and raises TypeError.
    narrate(">>> next(co)");
    match co.advance() {
        Err(GenError::Raised(e)) => main.print(e.to_string()),
        other => bail!("prefix + None must raise TypeError in the body, got {other:?}"),
    }
    // The exception finished the generator: every later call is StopIteration.
    narrate(">>> co.send(\"Gupta\")");
    match co.send("Gupta".into()) {
        Err(e @ GenError::StopIteration(None)) => main.print(e.to_string()),
        other => bail!("a finished generator must raise StopIteration, got {other:?}"),
    }
    Ok(())
}
