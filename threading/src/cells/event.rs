//! New: Python's `Event`, as the lib's [`crate::Event`], with `set(); clear()` right after
//! each other: every thread already waiting still wakes (CPython's fix for gh-57711).

use std::thread;
use std::time::Duration;

use interleaving::Actor;

use super::Knobs;
use crate::{Event, kinds};

/// Waiters in the cell.
pub const WAITERS: usize = 3;

/// A waiter: `event.wait(10)`, then say what it returned.
fn wait_for_go(name: &str, go: &Event) {
    let me = Actor::new(name);
    let got = go.wait_timeout(Duration::from_secs(10));
    me.print(format!("{name}: wait() returned {}", py_bool(got)));
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// `go = Event()`; three threads `go.wait(10)`; once all three wait, main does `go.set();
/// go.clear()`. Each waiter returns `True`: it was woken by the `set`, even though the flag
/// is down again by the time it runs. Then `go.wait(0.01)` on the cleared event is `False`.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("waiters", &WAITERS)]);
    let main = super::main_actor();
    let go = Event::new();
    thread::scope(|s| {
        for i in 1..=WAITERS {
            let go = &go;
            s.spawn(move || wait_for_go(&format!("event-{i}"), go));
        }
        // Not a sleep: the event itself says how many threads are blocked in wait().
        while go.waiting() < WAITERS {
            thread::yield_now();
        }
        main.emit(kinds::SET, "go");
        go.set();
        go.clear();
        main.emit(kinds::CLEAR, "go");
    });
    let got = go.wait_timeout(Duration::from_millis(10));
    main.print(format!(
        "after clear(): wait(0.01) returned {}",
        py_bool(got)
    ));
    Ok(())
}
