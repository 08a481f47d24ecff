//! A cell's knobs read as its lines go by: what `Knobs::of` finds in a whole cell, for a
//! rule that needs its bounds only at the end and so need not wait for them.

use std::str::FromStr;

use interleaving::Line;
use interleaving::kinds::KNOB;
use interleaving::knob::Knobs;

/// The knobs of the first `knob` event read so far (none before it): its state is that one
/// event's fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct FirstKnob(Option<Knobs>);

impl FirstKnob {
    /// Reads one line: keeps the knobs if it is the first `knob` event.
    pub(crate) fn line(&mut self, l: &Line) {
        if self.0.is_none() && l.event.kind == KNOB {
            self.0 = Some(Knobs::of(std::slice::from_ref(l)));
        }
    }

    /// The value of knob `name`, parsed; `None` if there was no `knob` event, or it has no
    /// such whole field.
    pub(crate) fn get<T: FromStr>(&self, name: &str) -> Option<T> {
        self.0.as_ref()?.get(name)
    }
}
