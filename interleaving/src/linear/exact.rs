//! The exact verdict for every model: the polynomial monitor first, then, where its patterns
//! are not complete, the general search ([`crate::wgl`]).
//!
//! The monitor's patterns decide FIFO and priority queues exactly when values are unique and
//! no get is left pending. A stack also needs chains of "pushed above" the patterns do not
//! follow, a pending get may have taken any one value, and a value put twice defeats the
//! patterns altogether: in those cases a clean monitor hands the object to the search, whose
//! answer is exact. The search is exponential in the worst case (it is bounded by how many
//! operations overlap, which is small in real runs), so it is given [`MAX_STATES`] states per
//! object, and histories of at most [`MAX_SEARCH_OPS`] operations per object; past either it
//! says the history is undecided, instead of guessing.

use std::collections::BTreeMap;

use super::{Finding, History, Model, Op, Pattern, check};
use crate::wgl::{self, GaveUp, Queue};

/// How many (operations done, state) pairs the search may explore per object: each holds a
/// bit per operation, so this bounds memory (about 100 MB for 8,000 operations) and time.
pub const MAX_STATES: usize = 100_000;

/// The most operations of one object the search is tried on: its states copy the queue's
/// contents, so past this it would cost gigabytes; such a history is left undecided.
pub const MAX_SEARCH_OPS: usize = 2_000;

/// How many operations a search finding lists (the rest are counted in its `why`).
const SHOWN: usize = 12;

/// The answer of [`decide`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Some order of the operations, each at an instant inside its interval, is one the
    /// sequential queue allows.
    Linearizable,
    /// None is: a bad pattern, or the search's proof that no order exists.
    Violated(Finding),
    /// The monitor found no pattern and the search gave up, or was not tried on a history
    /// this big (see the module docs): why.
    Undecided(String),
}

/// Decides exactly whether `history` is linearizable against `model`.
///
/// ```
/// use interleaving::linear::{self, Decision, History, Model, Op, Pattern};
/// // push(1), then push(2), then two pops: 1, then 2. A queue does that, a stack cannot.
/// let ops = vec![
///     Op::new("p", "put", "1", "ok", 1, 2),
///     Op::new("p", "put", "2", "ok", 3, 4),
///     Op::new("c", "get", "", "1", 5, 6),
///     Op::new("c", "get", "", "2", 7, 8),
/// ];
/// let h = History { ops };
/// assert!(matches!(linear::decide(&h, Model::Fifo), Decision::Linearizable));
/// let Decision::Violated(f) = linear::decide(&h, Model::Lifo) else { panic!() };
/// assert!(matches!(f.pattern, Pattern::Covered | Pattern::Unexplained));
/// ```
pub fn decide(history: &History, model: Model) -> Decision {
    match check(history, model) {
        Ok(()) if !needs_search(history, model) => Decision::Linearizable,
        Err(f) if f.pattern != Pattern::NotUnique => Decision::Violated(f),
        _ => search(history, model),
    }
}

/// Whether the monitor's clean verdict may have missed a violation.
fn needs_search(history: &History, model: Model) -> bool {
    model == Model::Lifo || history.ops.iter().any(|o| o.is_get() && o.result.is_none())
}

fn search(history: &History, model: Model) -> Decision {
    let mut objects: BTreeMap<&str, Vec<Op>> = BTreeMap::new();
    for op in &history.ops {
        objects.entry(&op.obj).or_default().push(op.clone());
    }
    for ops in objects.values() {
        if ops.len() > MAX_SEARCH_OPS {
            return Decision::Undecided(format!(
                "{} operations on one object, more than the {MAX_SEARCH_OPS} the search is tried on",
                ops.len()
            ));
        }
        match wgl::linearizable_within(&Queue(model), ops, MAX_STATES) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Decision::Violated(unexplained(e.ops, model)),
            Err(GaveUp { states }) => {
                return Decision::Undecided(format!("the search gave up after {states} states"));
            }
        }
    }
    Decision::Linearizable
}

fn unexplained(mut ops: Vec<Op>, model: Model) -> Finding {
    let n = ops.len();
    ops.sort_by_key(Op::start);
    ops.truncate(SHOWN);
    let shown = if n > SHOWN {
        format!(" (the first {SHOWN} of {n} shown)")
    } else {
        String::new()
    };
    Finding {
        pattern: Pattern::Unexplained,
        ops,
        why: format!(
            "the search tried every order of these {n} operations{shown}, each at an instant \
             inside its interval, and no sequential {model} gives their results"
        ),
    }
}
