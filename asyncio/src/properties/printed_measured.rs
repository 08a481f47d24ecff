//! The printed lines of the cells that measure or count something as they run
//! (`interleaving::printed`): the sleeps, the semaphore, the blocking trap, determinism and
//! the echo server. What the knobs fix is claimed exactly; a figure the trace records (the
//! orders each runtime stepped in, how many connections were in flight) is claimed as
//! recorded; only a figure nobody records (a time, a peak) is a `like` pattern.

use std::collections::BTreeSet;

use interleaving::declare::cell;
use interleaving::printed::{Expected, Printed, Seen, like, printed, printed_from, printed_seeing};
use interleaving::{Line, Property};

use crate::cells::{BLOCKING, DETERMINISM, SEMAPHORE, SERVER, SLEEPS};
use crate::kinds::SHUTDOWN;
use crate::rules::rounds;

/// The five cells' `printed-lines`.
pub(super) fn properties() -> Vec<Property> {
    [
        cell(SLEEPS, [("printed-lines", printed(sleeps))]),
        cell(SEMAPHORE, [("printed-lines", printed(semaphore))]),
        cell(BLOCKING, [("printed-lines", printed(blocking))]),
        cell(DETERMINISM, [("printed-lines", printed_from(determinism))]),
        cell(
            SERVER,
            [(
                "printed-lines",
                printed_seeing(Seen::new().keeping(SHUTDOWN), server),
            )],
        ),
    ]
    .concat()
}

/// Milliseconds as the cells print them: `30.0 ms`.
fn ms(n: u64) -> String {
    format!("{n}.0 ms")
}

/// N sleeps of d, one after another and together: the times are measured.
fn sleeps(k: &interleaving::knob::Knobs) -> Result<Printed, String> {
    let (n, d) = (k.u64("tasks")?, ms(k.u64("sleep_ms")?));
    Ok(Printed::new().by(
        "main",
        [
            like(format!(
                "sequential: {n} sleeps of {d} one after another took * ms"
            )),
            like(format!(
                "gathered:   {n} sleeps of {d} together took * ms (*x faster)"
            )),
        ],
    ))
}

/// The most inside at once is the cell's own count (the bound on it is checked on the
/// `enter` and `leave` events).
fn semaphore(k: &interleaving::knob::Knobs) -> Result<Printed, String> {
    let (w, p) = (k.u64("workers")?, k.u64("permits")?);
    Ok(Printed::new().by(
        "main",
        [like(format!(
            "{w} workers, {p} permits: at most * were inside at once"
        ))],
    ))
}

/// The ticker's longest gap, with the blocking call on the loop and off it: measured.
fn blocking(k: &interleaving::knob::Knobs) -> Result<Printed, String> {
    let (tick, block) = (k.u64("tick_ms")?, ms(k.u64("block_ms")?));
    let gap = format!("the {tick} ms ticker's longest gap was * ms");
    Ok(Printed::new().by(
        "main",
        [
            like(format!("std::thread::sleep({block}) in a task: {gap}")),
            like(format!("spawn_blocking(sleep {block}):         {gap}")),
        ],
    ))
}

/// Each runtime's distinct orders, as its `step` events ran in each round (the cell emits and
/// logs each step under one lock, so the trace's order is the printed one).
fn determinism(k: &interleaving::knob::Knobs, lines: &[Line]) -> Result<Printed, String> {
    let n = k.u64("rounds")?;
    let said = ["current_thread", "multi_thread"].map(|flavour| {
        let orders: BTreeSet<String> = rounds(lines, flavour)
            .into_iter()
            .map(|(_, steps)| {
                let steps: Vec<&str> = steps
                    .iter()
                    .map(|s| s.rsplit(':').next().unwrap_or(s))
                    .collect();
                steps.join(" ")
            })
            .collect();
        let shown: Vec<&str> = orders.iter().map(String::as_str).collect();
        format!(
            "{flavour:<14}: {} distinct order(s) in {n} rounds: {}",
            orders.len(),
            shown.join(" | ")
        )
    });
    Ok(Printed::new().by("main", said))
}

/// The clients' echoes (timed), the two misbehaving clients' answers, and the server's
/// account: every client plus the two misbehaving ones accepted, each client's line echoed,
/// the two refused; in flight as the server's `shutdown` event recorded. Idle and cut
/// connections are counted, not recorded (they depend on --idle-ms, which is no knob here).
/// With `serve=true` a learner's own connections count too, so the account is a pattern.
fn server(k: &interleaving::knob::Knobs, seen: &Seen) -> Result<Printed, String> {
    let c = k.u64("clients")?;
    let serve = k
        .get::<bool>("serve")
        .ok_or("a `knob` event with `serve=true|false`")?;
    let in_flight = seen
        .values(SHUTDOWN, "server")
        .first()
        .and_then(|v| v.strip_suffix(" in flight").map(str::to_owned))
        .unwrap_or_else(|| "*".into());
    let account: Expected = if serve {
        like(
            "server stopped: * connections (* in flight at shutdown, * closed idle, * cut mid-line), * echoes, * rejected",
        )
    } else {
        like(format!(
            "server stopped: {} connections ({in_flight} in flight at shutdown, * closed idle, * cut \
             mid-line), {c} echoes, 2 rejected",
            c + 2
        ))
    };
    Ok(Printed::new().by(
        "main",
        [
            like(format!(
                "{c} clients, each its own line echoed back, in * ms"
            )),
            "a client sending garbage got: \"error: garbage (not UTF-8)\"".into(),
            "a client leaving mid-line got: \"error: client left mid-line\"".into(),
            account,
        ],
    ))
}
