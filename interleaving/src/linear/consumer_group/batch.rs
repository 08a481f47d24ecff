//! Batched stream operations, read as one operation per entry sharing the batch's interval.
//!
//! A broker that batches sends one `XADD` pipeline for N items, reads N entries with one
//! `XREADGROUP ... COUNT N` (or `XAUTOCLAIM ... COUNT N`), and acknowledges N ids with one
//! `XACK`. Each is one `call` and one `ret` in the trace, naming every item:
//!
//! - `xadd 0 1 2` -> `xadd 5-0 5-1 5-2` (the ids, in the items' order);
//! - `xreadgroup` -> `xreadgroup 0 5-0 1 5-1` (item and id, per entry);
//! - `xack 0 5-0 1 5-1` -> `xack 1 1` (pipelined `XACK`s: each id's reply), or `xack 2` (one
//!   `XACK` of many ids: how many it removed, as Redis replies).
//!
//! Why one operation per entry, sharing the interval: every clause of the model is about one
//! entry (added before delivered, delivered as new once, acknowledged once), and Redis applies
//! the batch's entries at points inside the command's interval, so each entry's operation has
//! exactly the batch's call and return as its bounds. Nothing is assumed about their order
//! inside a batch; the clauses that compare two operations by clock (order, skipped) see them
//! as overlapping, which is what they are. A one-entry batch is the unbatched event, unchanged.
//!
//! One `XACK` of many ids replies with a count, not which ids it removed. When the count is
//! all of them, each removed its entry. When it is fewer (some were claimed and acknowledged
//! by another consumer first), the ones some other operation acknowledged are the ones it did
//! not remove, and every other id was still pending, so it removed those: a count that does
//! not match is kept as given (the extra ones marked removed, or the missing ones not), so the
//! `acked` or `lost` clause names it.

use std::collections::HashSet;

use super::{StreamOp, XACK, XADD, XAUTOCLAIM, XREADGROUP};

/// Splits every batched operation into one operation per entry, in place of the batch.
pub(super) fn unbatch(ops: Vec<StreamOp>) -> Result<Vec<StreamOp>, String> {
    let mut out = Vec::with_capacity(ops.len());
    // Indices (in `out`) of the entries of each `XACK` that removed fewer than it named.
    let mut partial: Vec<(Vec<usize>, usize)> = Vec::new();
    for op in ops {
        match op.name.as_str() {
            XADD => adds(op, &mut out)?,
            XREADGROUP | XAUTOCLAIM => deliveries(op, &mut out)?,
            XACK => acks(op, &mut out, &mut partial)?,
            _ => out.push(op),
        }
    }
    resolve(&mut out, &partial);
    Ok(out)
}

fn one(op: &StreamOp, arg: String, result: Option<String>) -> StreamOp {
    StreamOp {
        arg,
        result,
        ..op.clone()
    }
}

/// `xadd A B` -> `xadd IDA IDB`: item k got id k.
fn adds(op: StreamOp, out: &mut Vec<StreamOp>) -> Result<(), String> {
    let items: Vec<&str> = op.arg.split_whitespace().collect();
    if items.len() <= 1 {
        out.push(op);
        return Ok(());
    }
    let ids: Option<Vec<&str>> = op.result.as_deref().map(|r| r.split(' ').collect());
    if let Some(ids) = &ids
        && ids.len() != items.len()
    {
        return Err(format!(
            "line {}: {} added {} items and got {} ids",
            op.lines.1,
            op.actor,
            items.len(),
            ids.len()
        ));
    }
    for (k, item) in items.iter().enumerate() {
        let id = ids.as_ref().map(|ids| ids[k].to_owned());
        out.push(one(&op, (*item).to_owned(), id));
    }
    Ok(())
}

/// `xreadgroup 0 5-0 1 5-1` -> two deliveries, `0 5-0` and `1 5-1`.
fn deliveries(op: StreamOp, out: &mut Vec<StreamOp>) -> Result<(), String> {
    let Some(got) = op.result.as_deref().filter(|r| !r.starts_with('!')) else {
        out.push(op);
        return Ok(());
    };
    let words: Vec<&str> = got.split(' ').collect();
    if words.len() <= 2 {
        out.push(op);
        return Ok(());
    }
    if !words.len().is_multiple_of(2) {
        return Err(format!(
            "line {}: {} got {got:?}, not item-id pairs",
            op.lines.1, op.actor
        ));
    }
    for pair in words.chunks(2) {
        out.push(one(&op, op.arg.clone(), Some(pair.join(" "))));
    }
    Ok(())
}

/// `xack 0 5-0 1 5-1` -> `1 0` (pipelined `XACK`s, one reply per id) or `2` (one `XACK` of
/// many ids: how many it removed, each `1` when the count is all of them).
fn acks(
    op: StreamOp,
    out: &mut Vec<StreamOp>,
    partial: &mut Vec<(Vec<usize>, usize)>,
) -> Result<(), String> {
    let words: Vec<&str> = op.arg.split(' ').collect();
    if words.len() <= 2 {
        out.push(op);
        return Ok(());
    }
    if !words.len().is_multiple_of(2) {
        return Err(format!(
            "line {}: {} acknowledges {:?}, not item-id pairs",
            op.lines.0, op.actor, op.arg
        ));
    }
    let n = words.len() / 2;
    let bad = |r: &str| {
        format!(
            "line {}: {} acknowledged {n} ids and got {r:?}",
            op.lines.1, op.actor
        )
    };
    // Each id's reply, `None` where only the count says (settled in `resolve`).
    let results: Option<Vec<Option<&str>>> = match op.result.as_deref() {
        None => None,
        Some(r) if r.split(' ').count() == n => {
            let each: Vec<&str> = r.split(' ').collect();
            if each.iter().any(|w| *w != "0" && *w != "1") {
                return Err(bad(r));
            }
            Some(each.into_iter().map(Some).collect())
        }
        Some(r) => {
            let k: usize = r.parse().ok().filter(|k| *k <= n).ok_or_else(|| bad(r))?;
            if k < n {
                partial.push(((out.len()..out.len() + n).collect(), k));
            }
            Some(vec![(k == n).then_some("1"); n])
        }
    };
    for (i, pair) in words.chunks(2).enumerate() {
        let result = results.as_ref().map(|rs| rs[i].unwrap_or("0").to_owned());
        out.push(one(&op, pair.join(" "), result));
    }
    Ok(())
}

/// Settles each `XACK` that removed `k` of its ids: those no other operation acknowledged
/// were still pending, so it removed them (the first `k` of them, if more); if fewer than
/// `k`, it also removed some another acknowledged, which the `acked` clause then names.
fn resolve(ops: &mut [StreamOp], partial: &[(Vec<usize>, usize)]) {
    let in_partial: HashSet<usize> = partial.iter().flat_map(|p| p.0.iter().copied()).collect();
    // Acknowledged by an operation whose result is known: keyed by `ITEM ID`.
    let mut acked: HashSet<String> = ops
        .iter()
        .enumerate()
        .filter(|(i, o)| !in_partial.contains(i) && o.acked())
        .map(|(_, o)| o.arg.clone())
        .collect();
    for (idx, k) in partial {
        let (elsewhere, mine): (Vec<usize>, Vec<usize>) =
            idx.iter().partition(|&&i| acked.contains(&ops[i].arg));
        for &i in mine.iter().chain(&elsewhere).take(*k) {
            ops[i].result = Some("1".into());
        }
        acked.extend(
            idx.iter()
                .filter(|&&i| ops[i].acked())
                .map(|&i| ops[i].arg.clone()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Clause, GroupHistory, check};
    use crate::{Event, Trace};

    fn history(steps: &[(&str, &str, &str, u64)]) -> Result<GroupHistory, String> {
        let t = Trace::from_events(
            steps
                .iter()
                .map(|(a, k, v, t)| Event::new(0, *t, 1, *a, *k, *v)),
        );
        GroupHistory::from_lines(&t.lines)
    }

    fn clause(steps: &[(&str, &str, &str, u64)]) -> Option<Clause> {
        check(&history(steps).unwrap(), 0).err().map(|f| f.clause)
    }

    /// Three items added in one pipeline, two read and acknowledged by w1 as one batch, one
    /// by w2.
    fn good() -> Vec<(&'static str, &'static str, &'static str, u64)> {
        vec![
            ("p", "call", "xadd 0 1 2", 10),
            ("p", "ret", "xadd 1-0 1-1 1-2", 11),
            ("w1", "call", "xreadgroup", 20),
            ("w1", "ret", "xreadgroup 0 1-0 1 1-1", 21),
            ("w2", "call", "xreadgroup", 22),
            ("w2", "ret", "xreadgroup 2 1-2", 23),
            ("w1", "call", "xack 0 1-0 1 1-1", 30),
            ("w1", "ret", "xack 2", 31),
            ("w2", "call", "xack 2 1-2", 32),
            ("w2", "ret", "xack 1", 33),
        ]
    }

    #[test]
    fn a_batch_is_one_operation_per_entry_sharing_its_interval() {
        let h = history(&good()).unwrap();
        assert_eq!(h.ops.len(), 3 + 3 + 3, "{h:?}");
        let adds: Vec<_> = h.ops.iter().filter(|o| o.name == "xadd").collect();
        assert!(adds.iter().all(|o| o.t_ns == (10, 11) && o.lines == (1, 2)));
        assert_eq!(adds[2].arg, "2");
        assert_eq!(adds[2].result.as_deref(), Some("1-2"));
        assert_eq!(clause(&good()), None);
    }

    #[test]
    fn an_entry_in_two_batches_read_as_new_is_repeated() {
        let mut s = good();
        s[5].2 = "xreadgroup 2 1-2 1 1-1";
        assert_eq!(clause(&s), Some(Clause::Repeated));
    }

    #[test]
    fn a_batch_ack_that_removed_fewer_than_were_pending_loses_one() {
        let mut s = good();
        s[7].2 = "xack 1";
        assert_eq!(clause(&s), Some(Clause::Lost));
    }

    #[test]
    fn a_batch_ack_that_removes_an_acknowledged_entry_breaks_acked() {
        // w2 acknowledged 1-1 (a claim) before w1's batch, which still says it removed both.
        let mut s = good();
        s.insert(6, ("w2", "call", "xautoclaim", 24));
        s.insert(7, ("w2", "ret", "xautoclaim 1 1-1", 25));
        s.insert(8, ("w2", "call", "xack 1 1-1", 26));
        s.insert(9, ("w2", "ret", "xack 1", 27));
        assert_eq!(clause(&s), Some(Clause::Acked));
        // Removing one, the other's, is what Redis does: allowed.
        let i = s.iter().position(|e| e.2 == "xack 2").unwrap();
        s[i].2 = "xack 1";
        assert_eq!(clause(&s), None);
    }

    #[test]
    fn pipelined_acks_say_which_ids_they_removed() {
        let mut s = good();
        s[7].2 = "xack 1 1";
        assert_eq!(clause(&s), None);
        s[7].2 = "xack 1 0";
        assert_eq!(clause(&s), Some(Clause::Lost));
    }

    #[test]
    fn a_batch_whose_ids_do_not_match_its_items_is_no_history() {
        let mut s = good();
        s[1].2 = "xadd 1-0 1-1";
        assert!(history(&s).is_err());
        let mut s = good();
        s[3].2 = "xreadgroup 0 1-0 1";
        assert!(history(&s).is_err());
        let mut s = good();
        s[7].2 = "xack 3";
        assert!(history(&s).is_err());
        s[7].2 = "xack 1 2";
        assert!(history(&s).is_err());
    }
}
