//! `q.task_done()` and `q.join()`: Python's way to wait until the work is done, while the
//! workers stay alive for more.

use std::thread;

use anyhow::anyhow;
use interleaving::{Actor, kinds as k};

use super::{Knobs, join, start};
use crate::{Queue, kinds};

/// How many workers share the queue in this cell.
pub(crate) const WORKERS: usize = 2;

/// A worker: gets an item, handles it, then says so with `task_done`.
fn worker(q: &Queue<u64>, name: &str) -> anyhow::Result<u64> {
    let me = Actor::new(name);
    let mut n = 0;
    while let Ok(i) = q.get() {
        me.emit(kinds::GET, i.to_string());
        me.print(format!("{name} handled {i}"));
        // The event goes first: once task_done runs, main's join may return at once, and the
        // trace must show this item done before it.
        me.emit(kinds::DONE, i.to_string());
        q.task_done().map_err(|e| anyhow!("{name}: {e}"))?;
        n += 1;
    }
    me.emit(k::EXIT, "shutdown");
    Ok(n)
}

/// "The producer thread has finished publishing, hence it returns the join" — but that says
/// nothing of the consumer. `q.join()` waits for the items instead: it returns when every
/// item put has been marked `task_done`, which is what main usually wants to know.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("items", &knobs.items)]);
    let main = Actor::new("main");
    let q = Queue::new(0);
    thread::scope(|s| {
        let mut workers = Vec::new();
        for w in 1..=WORKERS {
            let name = format!("consumer-{w}");
            let (q, n) = (&q, name.clone());
            let h = start(s, &main, &name, move || worker(q, &n))?;
            workers.push((name, h));
        }
        for i in 0..knobs.items {
            main.emit(kinds::PUT, i.to_string());
            q.put(i).map_err(|e| anyhow!("put({i}): {e}"))?;
        }
        // Python: q.join(). Returns once the unfinished count is back to zero.
        q.join();
        main.emit(k::JOIN, "queue");
        main.print(format!(
            "q.join() returned: all {} items done, the workers still wait for more",
            knobs.items
        ));
        main.emit(kinds::SHUTDOWN, "graceful");
        q.shutdown(false);
        for (name, h) in workers {
            join(&main, &name, h)?;
        }
        Ok(())
    })
}
