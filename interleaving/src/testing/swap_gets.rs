//! A must-fail edit for any recorded queue history: two gets of one actor, one after the
//! other, swap their items, where the first item's put returned before the second's began
//! (by line and by clock). No FIFO queue can hand them out that way round.

use super::Mutation;
use crate::linear::History;
use crate::read::Trace;

/// The edit that swaps the items of two gets of one actor in cell `cell` of `trace` (the
/// first whose items were put one strictly after the other), if the cell has such a pair.
///
/// ```
/// use interleaving::testing::{Run, swap_ordered_gets};
/// let t = Run::new("demo").cell("q", "")
///     .step("p", "call", "put 1").step("p", "ret", "put ok")
///     .step("p", "call", "put 2").step("p", "ret", "put ok")
///     .step("c", "call", "get").step("c", "ret", "get 1")
///     .step("c", "call", "get").step("c", "ret", "get 2")
///     .end();
/// let swapped = swap_ordered_gets(&t, "q").unwrap().apply(&t);
/// let got: Vec<&str> = swapped.lines.iter().filter(|l| l.event.kind == "ret")
///     .map(|l| l.event.value.as_str()).collect();
/// assert_eq!(got, ["put ok", "put ok", "get 2", "get 1"]);
/// ```
pub fn swap_ordered_gets(trace: &Trace, cell: &str) -> Option<Mutation> {
    let range = super::cell_lines(trace, cell);
    let lines = &trace.lines[range];
    let history = History::from_lines(lines).ok()?;
    let t_ns = |no: usize| trace.lines[no - 1].event.t_ns;
    let put_of = |obj: &str, item: &str| {
        history
            .ops
            .iter()
            .find(|o| o.is_put() && &*o.obj == obj && &*o.arg == item && o.result.is_some())
    };
    let gets: Vec<_> = history
        .ops
        .iter()
        .filter(|o| o.is_get() && o.got().is_some())
        .collect();
    for (i, g1) in gets.iter().enumerate() {
        for g2 in gets[i + 1..]
            .iter()
            .filter(|g| g.actor == g1.actor && g.obj == g1.obj)
        {
            let (a, b) = (g1.got()?, g2.got()?);
            let (Some(pa), Some(pb)) = (put_of(&g1.obj, a), put_of(&g1.obj, b)) else {
                continue;
            };
            if pa.ret < pb.call && t_ns(pa.ret) < t_ns(pb.call) {
                return Some(Mutation::All(vec![
                    Mutation::SetValue(g1.ret - 1, format!("{} {b}", g1.name)),
                    Mutation::SetValue(g2.ret - 1, format!("{} {a}", g2.name)),
                ]));
            }
        }
    }
    None
}
