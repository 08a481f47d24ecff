//! A progress line on stderr for a cell that runs long (more than [`AFTER`]): which cell, in
//! which file, how long it has run, and, if the cell says, how many of its items are done.
//! The lesson runner starts a [`watch`] for every cell, so every cell of every lesson gets
//! one; a cell that knows its progress feeds it with [`set_total`] and [`advance`].
//!
//! Never with `--trace` (stdout is the trace, stderr stays clean), only on a terminal unless
//! [`PROGRESS_ENV`] says otherwise ([`enabled`]). While the line shows, the cell's own output
//! goes around it ([`around_output`]): the line is taken down, the output written, the line
//! drawn again, so the two never mix.

mod decide;
mod plain;

pub use decide::{AFTER, Step, Watch, enabled};

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::emit::{self, Mode};

/// The environment variable that overrides whether progress lines are drawn: `always` (even
/// when stderr is not a terminal, as in a test or a log) or `never`.
pub const PROGRESS_ENV: &str = "CONCURRENCY_LAB_PROGRESS";

/// How often the watcher looks at the clock and the counts.
const TICK: Duration = Duration::from_millis(200);

static DONE: AtomicU64 = AtomicU64::new(0);
static TOTAL: AtomicU64 = AtomicU64::new(0);
/// Whether a line is on screen now, and which process drew it: a child forked from a cell
/// must not touch the parent's line (its watcher thread did not survive the fork).
static VISIBLE: AtomicBool = AtomicBool::new(false);
static OWNER: AtomicU32 = AtomicU32::new(0);
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Says how many items the running cell will do, and starts its count at 0. Call it once,
/// near the start of the cell; cheap, and harmless when no line is drawn.
///
/// ```
/// interleaving::progress::set_total(3);
/// for _ in 0..3 {
///     interleaving::progress::advance(1); // one item done
/// }
/// ```
pub fn set_total(total: u64) {
    DONE.store(0, Ordering::Relaxed);
    TOTAL.store(total, Ordering::Relaxed);
}

/// Counts `n` more items of the running cell as done. One atomic add: call it per item, or
/// per batch from a hot loop.
pub fn advance(n: u64) {
    DONE.fetch_add(n, Ordering::Relaxed);
}

/// Runs `write` (which writes the cell's output) with the progress line taken down, if one
/// is showing, so the output never lands in the middle of it.
pub fn around_output(write: impl FnOnce()) {
    if VISIBLE.load(Ordering::Acquire) && OWNER.load(Ordering::Relaxed) == std::process::id() {
        let bar = BAR.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(bar) = bar {
            bar.suspend(write);
            return;
        }
    }
    write()
}

/// The watcher of one running cell; dropping it (when the cell ends, however it ends) takes
/// its line down and stops its thread.
#[derive(Debug)]
pub struct Watcher {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

/// Starts watching a cell described by `label` (`cell 2/12 concurrent-sleeps`) whose source
/// is `file`, if progress lines are [`enabled`] for this run; resets the counts of
/// [`set_total`] and [`advance`].
pub fn watch(label: String, file: String) -> Watcher {
    set_total(0);
    let env = std::env::var_os(PROGRESS_ENV);
    let tty = std::io::stderr().is_terminal();
    let stop = Arc::new((Mutex::new(false), Condvar::new()));
    let thread = enabled(emit::mode() == Mode::Trace, tty, env.as_deref()).then(|| {
        let stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || run(Watch::new(label, file, !tty), !tty, &stop))
            .ok()
    });
    Watcher {
        stop,
        thread: thread.flatten(),
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The watcher thread: a look every [`TICK`] until the cell ends.
fn run(mut watch: Watch, plain: bool, stop: &(Mutex<bool>, Condvar)) {
    let started = Instant::now();
    let mut bar: Option<ProgressBar> = None;
    let (lock, wake) = stop;
    let mut stopped = lock.lock().unwrap_or_else(|e| e.into_inner());
    while !*stopped {
        stopped = wake
            .wait_timeout(stopped, TICK)
            .unwrap_or_else(|e| e.into_inner())
            .0;
        if *stopped {
            break;
        }
        let (done, total) = (DONE.load(Ordering::Relaxed), TOTAL.load(Ordering::Relaxed));
        match watch.step(started.elapsed(), done, total) {
            Step::Wait => {}
            Step::Show(text) => {
                let b = new_bar(plain);
                b.set_message(text);
                *BAR.lock().unwrap_or_else(|e| e.into_inner()) = Some(b.clone());
                OWNER.store(std::process::id(), Ordering::Relaxed);
                // In a log the line never shares a screen with the output: nothing to take down.
                VISIBLE.store(!plain, Ordering::Release);
                bar = Some(b);
            }
            Step::Redraw(text) => bar.iter().for_each(|b| b.set_message(text.clone())),
            Step::Spin => bar.iter().for_each(|b| b.tick()),
        }
    }
    drop(stopped);
    if let Some(b) = bar {
        VISIBLE.store(false, Ordering::Release);
        *BAR.lock().unwrap_or_else(|e| e.into_inner()) = None;
        b.finish_and_clear();
    }
}

/// A spinner and the message, cut to the terminal's width, on a terminal; the message alone,
/// one line a draw, in a log.
fn new_bar(plain: bool) -> ProgressBar {
    let (target, template) = if plain {
        (
            ProgressDrawTarget::term_like(Box::new(plain::PlainLines::default())),
            "{msg}",
        )
    } else {
        (ProgressDrawTarget::stderr(), "{spinner} {wide_msg}")
    };
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner());
    ProgressBar::with_draw_target(None, target).with_style(style)
}
