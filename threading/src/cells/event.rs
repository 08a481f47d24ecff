//! New: Python's `Event`, as the lib's [`crate::Event`] (a `Mutex<bool>` and a `Condvar`).

use std::thread;
use std::time::Duration;

use interleaving::Actor;

use super::Knobs;
use crate::{Event, kinds};

/// A waiter: `event.wait()`, then say so.
fn wait_for_go(name: &str, go: &Event) {
    let me = Actor::new(name);
    go.wait();
    me.print(format!("{name}: saw the event"));
}

/// `go = Event()`; three threads `go.wait()`; main `go.set()` wakes them all. Then
/// `go.clear()` and `go.wait(0.01)` returns `False` after 10 ms, like Python.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = super::main_actor();
    let go = Event::new();
    thread::scope(|s| {
        for name in ["event-1", "event-2", "event-3"] {
            let go = &go;
            s.spawn(move || wait_for_go(name, go));
        }
        main.emit(kinds::SET, "go");
        go.set();
    });
    go.clear();
    let got = go.wait_timeout(Duration::from_millis(10));
    main.print(format!(
        "after clear(): wait(0.01) returned {}",
        if got { "True" } else { "False" }
    ));
    Ok(())
}
