//! The emitter: how a demo says what it did, in prose or as a trace, through one code path.
//!
//! Every event goes out as exactly one `write(2)` on fd 1, with no buffer in between. That is
//! what makes it safe from many threads (each line is one system call, and a pipe keeps writes
//! up to `PIPE_BUF` whole) and from forked children (there is no user-space buffer for `fork`
//! to copy, so nothing is printed twice). Python's `print` goes through a buffered
//! `sys.stdout`; that buffer is exactly what tears and doubles output, so we do without it.

use std::io::IsTerminal;
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, OnceLock};

use nix::errno::Errno;

use crate::event::{Event, kinds};

/// How events reach stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Prose for a learner: output as the notebook would print it, narration between cells.
    Text,
    /// One JSON object per line (SPEC section 3), for `xtask check`.
    Trace,
}

static MODE: OnceLock<Mode> = OnceLock::new();
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// The errno of the first failed write to stdout (0: none failed).
static STDOUT_ERRNO: AtomicI32 = AtomicI32::new(0);
static JITTER: OnceLock<bool> = OnceLock::new();

/// A test's gate between an event's clock read and its write (feature `testing`; see
/// [`testing::hold_before_write`](crate::testing::hold_before_write)).
#[cfg(feature = "testing")]
pub(crate) type Gate = Box<dyn Fn(&Event) + Send + Sync>;
#[cfg(feature = "testing")]
pub(crate) static BEFORE_WRITE: OnceLock<Gate> = OnceLock::new();

/// The environment variable that turns on jitter: small random pauses before each event,
/// so that rare interleavings show up more often (`cargo xtask explore --jitter`).
pub const JITTER_ENV: &str = "INTERLEAVING_JITTER";

/// Chooses the mode for the whole process, once, before any thread or child starts.
///
/// Returns `false` if a mode was already chosen (the first choice stays).
pub fn set_mode(mode: Mode) -> bool {
    MODE.set(mode).is_ok()
}

/// The mode in force: [`Mode::Text`] unless [`set_mode`] chose otherwise.
pub fn mode() -> Mode {
    *MODE.get().unwrap_or(&Mode::Text)
}

/// True once a write to stdout failed (the reader went away, as with `| head -1`).
///
/// From then on every emit is a no-op, so the demo finishes its work (joins its threads, reaps
/// its children) quietly instead of dying with a "Broken pipe" panic. Long loops should stop.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Why the first failed write to stdout failed, if one did: `EPIPE` when the reader went away
/// (`| head -1`), `ENOSPC` for `> /dev/full`. [`cli::exit_code`](crate::cli::exit_code) turns it
/// into exit code 1 where output was lost that someone needed (any trace; prose, unless the
/// reader simply stopped reading).
pub fn stdout_error() -> Option<Errno> {
    match STDOUT_ERRNO.load(Ordering::Relaxed) {
        0 => None,
        errno => Some(Errno::from_raw(errno)),
    }
}

/// `CLOCK_MONOTONIC` in nanoseconds: comparable across the processes of one machine.
pub fn now_ns() -> u64 {
    match nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC) {
        Ok(ts) => (ts.tv_sec() as u64) * 1_000_000_000 + ts.tv_nsec() as u64,
        Err(_) => 0,
    }
}

/// Writes `bytes` to fd 1 with as few `write(2)` calls as the kernel allows (one, for a line
/// under `PIPE_BUF` on a pipe). Never panics; a closed stdout turns later writes into no-ops.
pub fn write_raw(bytes: &[u8]) {
    if stdout_closed() {
        return;
    }
    // A cell's progress line on the same terminal is taken down first, so the two never mix.
    crate::progress::around_output(|| write_all(bytes));
}

fn write_all(bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        match nix::unistd::write(std::io::stdout().as_fd(), rest) {
            Ok(n) => rest = &rest[n..],
            Err(Errno::EINTR) => continue,
            Err(Errno::EAGAIN) => std::thread::yield_now(),
            Err(errno) => {
                // Only the first error is kept: it is the one that cut the output short.
                let _ = STDOUT_ERRNO.compare_exchange(
                    0,
                    errno as i32,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
                STDOUT_CLOSED.store(true, Ordering::Relaxed);
                return;
            }
        }
    }
}

/// A named actor: a thread, a process, a task. It stamps its events with its own `seq`.
///
/// Create one per thread, task or child (after `fork`, in the child), so `seq` is that actor's
/// program order. It is `Sync`: an async task may hop threads with it, and if several threads
/// do share one, each event's `seq` is taken and its line written under one lock, so the
/// trace still shows the actor's events in `seq` order.
///
/// ```
/// use interleaving::Actor;
/// let main = Actor::new("main");
/// main.print("Hello");            // text mode: "Hello\n"; trace mode: one JSON line
/// main.write("Square:");          // a raw fragment, no newline
/// main.emit("join", "square");    // silent in text mode
/// assert_eq!(main.next_seq(), 3);
/// ```
#[derive(Debug)]
pub struct Actor {
    name: String,
    seq: Mutex<u64>,
}

impl Actor {
    /// A new actor whose first event will have `seq` 0.
    pub fn new(name: impl Into<String>) -> Self {
        Actor {
            name: name.into(),
            seq: Mutex::new(0),
        }
    }

    /// The actor's name, as it appears in the trace.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The `seq` the next event will carry.
    pub fn next_seq(&self) -> u64 {
        *self.seq.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records one event: in trace mode one JSON line; in text mode what the notebook would
    /// have printed for it (only `print` and `write` print anything).
    pub fn emit(&self, kind: &str, value: impl Into<String>) {
        jitter();
        // Taking the number and writing the line under one lock keeps seq order = line order.
        let mut next = self.seq.lock().unwrap_or_else(|e| e.into_inner());
        let seq = *next;
        *next += 1;
        // The clock is read here, before the line waits for the output lock in `write_raw`:
        // `t_ns` is when the event happened (a `call` before its operation, a `ret` after
        // it), not when its line got written (`interleaving::linear` relies on it).
        let event = Event {
            seq,
            t_ns: now_ns(),
            pid: std::process::id(),
            actor: self.name.clone(),
            kind: kind.to_owned(),
            value: value.into(),
        };
        #[cfg(feature = "testing")]
        if let Some(gate) = BEFORE_WRITE.get() {
            gate(&event);
        }
        match mode() {
            Mode::Trace => write_raw(event.to_json_line().as_bytes()),
            Mode::Text => render_text(&event),
        }
    }

    /// A whole line of output (Python's `print(line)`), one write.
    pub fn print(&self, line: impl Into<String>) {
        self.emit(kinds::PRINT, line);
    }

    /// A raw fragment of output, written as is: several fragments make a line, and a line
    /// written in fragments can be torn by another actor's output.
    pub fn write(&self, fragment: impl Into<String>) {
        self.emit(kinds::WRITE, fragment);
    }
}

/// The one `lesson` actor of this process: it writes the `lesson`, `cell`, `knob` and `end`
/// events, so their `seq` counts on through the whole run.
pub fn lesson_actor() -> &'static Actor {
    static LESSON: OnceLock<Actor> = OnceLock::new();
    LESSON.get_or_init(|| Actor::new("lesson"))
}

fn render_text(event: &Event) {
    match event.kind.as_str() {
        kinds::PRINT => write_raw(format!("{}\n", event.value).as_bytes()),
        kinds::WRITE => write_raw(event.value.as_bytes()),
        _ => {}
    }
}

/// Prose for the learner, kept visibly apart from program output: every line starts with
/// `│ `. Nothing in trace mode.
pub fn narrate(text: &str) {
    if mode() == Mode::Trace {
        return;
    }
    let mut out = String::new();
    for line in text.lines() {
        out.push_str("│ ");
        out.push_str(line);
        out.push('\n');
    }
    write_raw(out.as_bytes());
}

/// Whether stdout is a terminal (for choosing whether to draw anything fancy).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

fn jitter() {
    let on = *JITTER.get_or_init(|| std::env::var_os(JITTER_ENV).is_some_and(|v| v != "0"));
    if !on {
        return;
    }
    // A cheap per-call random number from the clock's low bits: good enough to vary timing.
    let r = now_ns().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58; // 0..64
    match r {
        0..=31 => {}
        32..=55 => std::thread::yield_now(),
        _ => std::thread::sleep(std::time::Duration::from_micros(r * 5)),
    }
}
