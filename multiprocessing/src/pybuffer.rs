//! A user-space stdout buffer like Python's `sys.stdout`, to show the fork + buffer trap.
//!
//! When Python's stdout is a pipe or a file, `print` does not write: it appends to a buffer
//! in the process's memory, written out when it fills, on `flush()`, or at exit. `fork`
//! copies the process's memory, buffer included: text printed *before* the fork but not yet
//! flushed then sits in two buffers, and both processes write it out. This is that buffer,
//! made explicit (our [`Actor`](interleaving::Actor)s write at once and never have the problem).

use std::sync::Mutex;

use interleaving::Actor;

static BUFFER: Mutex<String> = Mutex::new(String::new());

/// `print(text)` into the buffer: nothing reaches stdout yet.
pub fn print(text: &str) {
    if let Ok(mut b) = BUFFER.lock() {
        b.push_str(text);
        b.push('\n');
    }
}

/// `sys.stdout.flush()`: writes what the buffer holds, as `who`, in one write, and empties it.
pub fn flush(who: &Actor) {
    let text = BUFFER
        .lock()
        .map(|mut b| std::mem::take(&mut *b))
        .unwrap_or_default();
    if !text.is_empty() {
        who.write(text);
    }
}
