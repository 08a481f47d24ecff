//! The cell's knobs as a fold meets them: none until its first `knob` event, then that one's.

use interleaving::knob::{FirstKnob, Knobs};
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

/// The knobs of the first `knob` event read so far (a cell's first event, in a trace that
/// keeps the every-trace rules).
#[derive(Debug, Clone, Default)]
pub(crate) struct CellKnobs(FirstKnob);

impl CellKnobs {
    /// Reads one line: the first `knob` event is kept (and says so: true).
    pub(crate) fn line(&mut self, l: &Line) -> bool {
        self.0.line(l)
    }

    /// Whether the `knob` event has come.
    pub(crate) fn known(&self) -> bool {
        self.0.knobs().is_some()
    }

    /// Knob `name`, or the violation that says it is missing (also when no `knob` event came).
    pub(crate) fn u64(&self, name: &str) -> Result<u64, Outcome> {
        let none = Knobs::default();
        let k = self.0.knobs().unwrap_or(&none);
        k.u64(name).map_err(|want| {
            violated(
                "knob",
                "the cell starts with its knobs",
                want,
                "no such knob".into(),
                vec![k.line],
            )
        })
    }
}
