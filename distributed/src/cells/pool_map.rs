//! `Pool.map` over the broker: replies come back in any order, results in input order.

use std::time::Duration;

use anyhow::Context;
use interleaving::Actor;

use super::{Lab, POOL_MAP, feed_workers, join_all, knob};
use crate::kinds;

/// One input's result: its square, or its task's error message.
pub type MapResult = Result<u64, String>;

/// Puts each reply (`"INDEX ok VALUE"` or `"INDEX err MESSAGE"`) in its input's place.
/// Python's `Pool.map` raises the first error; ours returns each input's own outcome, like
/// `[r.get() for r in async_results]` with each `get` caught.
pub fn place(replies: &[String], n: usize) -> anyhow::Result<Vec<MapResult>> {
    let mut out: Vec<Option<MapResult>> = vec![None; n];
    for r in replies {
        let mut parts = r.splitn(3, ' ');
        let (Some(i), Some(tag), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
            anyhow::bail!("malformed reply {r:?}");
        };
        let i: usize = i.parse().with_context(|| format!("reply {r:?}"))?;
        let slot = out
            .get_mut(i)
            .with_context(|| format!("reply {r:?} for no input"))?;
        *slot = Some(match tag {
            "ok" => Ok(rest.parse().with_context(|| format!("reply {r:?}"))?),
            _ => Err(rest.to_owned()),
        });
    }
    out.into_iter()
        .enumerate()
        .map(|(i, r)| r.with_context(|| format!("no reply for input {i}")))
        .collect()
}

/// Renders results as the `map` event's value: `"0, 1, 4, err, 16"`.
pub fn render(results: &[MapResult]) -> String {
    let v: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(x) => x.to_string(),
            Err(_) => "err".into(),
        })
        .collect();
    v.join(", ")
}

/// `pool.map(square, range(n))` with the workers on the broker: every input is an entry,
/// every result a reply; `main` waits for exactly n replies, each within a bound.
pub fn run(lab: &Lab) -> anyhow::Result<()> {
    let main = Actor::new("main");
    let k = &lab.knobs;
    knob(&[
        ("items", k.items),
        ("workers", k.workers),
        ("fail_at", k.fail_at),
        ("batch", k.batch),
    ]);
    let (mut b, workers) = feed_workers(lab, &main, POOL_MAP, |_, _, _| Ok(u64::MAX))?;
    // A bound, not a hope: a lost reply is an error here, never a hang. The longest task
    // takes three times --work-ms (see `worker::work`), on top of a loaded machine's delays.
    let bound = Duration::from_secs(10) + 3 * Duration::from_millis(k.work_ms);
    let mut replies = Vec::new();
    for _ in 0..k.items {
        let r = b
            .next_reply(bound)
            .context("waiting for Pool.map's replies")?;
        main.emit(kinds::RESULT, r.clone());
        main.print(format!("reply arrived: {r}"));
        replies.push(r);
    }
    let results = place(&replies, k.items as usize)?;
    main.emit(kinds::MAP, render(&results));
    main.print(format!("map returned {results:?}"));
    join_all(&main, workers)
}
