//! New: Python's `Lock` is Rust's `Mutex`, and the mutex owns the data it guards.

use std::sync::Mutex;
use std::thread;

use interleaving::Actor;

use super::Knobs;
use crate::kinds;

/// One thread's job: three times, `with lock: shared.append(...)`.
fn append_three(name: &str, shared: &Mutex<Vec<String>>) {
    let me = Actor::new(name);
    for i in 1..=3 {
        // Python: `with lock: items.append(x)`. Here the list is inside the lock, so it cannot
        // be touched without locking; the guard unlocks when it goes out of scope.
        let mut items = shared.lock().unwrap_or_else(|e| e.into_inner());
        me.emit(kinds::ENTER, "lock");
        items.push(format!("{name}-{i}"));
        me.emit(kinds::LEAVE, "lock");
    }
}

/// `lock = Lock()` ... `with lock:`. In Python the lock and the list are two objects and
/// nothing stops code from using the list without the lock; `Mutex<Vec<_>>` makes that a
/// compile error. The trace shows every `enter` followed by its own `leave`: one at a time.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let shared = Mutex::new(Vec::new());
    thread::scope(|s| {
        s.spawn(|| append_three("lock-a", &shared));
        s.spawn(|| append_three("lock-b", &shared));
    });
    let items = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    super::main_actor().print(format!("{} items: {}", items.len(), items.join(" ")));
    Ok(())
}
