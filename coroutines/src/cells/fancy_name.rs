//! In \[27\]-\[32\]: `fancy_name("Cool")`, primed with `next`, sent two names, closed.

use std::rc::Rc;

use interleaving::Actor;
use interleaving::emit::narrate;

use super::Knobs;
use crate::notebook::fancy_name;

/// "`yield` can also consume data." The notebook's session, call for call: the output is
/// exactly `Cool:Utkarsh`, `Cool:Gupta`, `Done`.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Rc::new(Actor::new("main"));
    narrate(">>> co = fancy_name(\"Cool\")");
    let mut co = fancy_name(&main, "Cool");
    narrate(">>> next(co)");
    co.advance()?; // runs the body up to `name = (yield)`
    narrate(">>> co.send(\"Utkarsh\")");
    co.send("Utkarsh".into())?;
    narrate(">>> co.send(\"Gupta\")");
    co.send("Gupta".into())?;
    narrate(">>> co.close()");
    co.close()?; // GeneratorExit at the yield: the body prints "Done" and returns
    Ok(())
}
