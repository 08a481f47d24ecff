//! When the progress line shows and what it says: pure functions of the clock and the counts,
//! so tests can drive them with made-up times instead of waiting.

use std::ffi::OsStr;
use std::time::Duration;

/// How long a cell runs quietly before its progress line appears: a cell that ends sooner
/// never shows one, so short runs look exactly as they always did.
pub const AFTER: Duration = Duration::from_secs(2);

/// Whether a run draws progress lines at all. Never with `--trace` (`trace`): stdout is the
/// trace and stderr stays clean. Otherwise `env` (the value of [`super::PROGRESS_ENV`])
/// decides: `always` draws even when stderr is not a terminal (a log, a test), `never` draws
/// nothing; unset or anything else draws only on a terminal (`stderr_tty`).
///
/// ```
/// use std::ffi::OsStr;
/// use interleaving::progress::enabled;
/// assert!(enabled(false, true, None));
/// assert!(!enabled(false, false, None));
/// assert!(enabled(false, false, Some(OsStr::new("always"))));
/// assert!(!enabled(true, true, Some(OsStr::new("always"))));
/// ```
pub fn enabled(trace: bool, stderr_tty: bool, env: Option<&OsStr>) -> bool {
    if trace {
        return false;
    }
    match env.and_then(OsStr::to_str) {
        Some("always") => true,
        Some("never") => false,
        _ => stderr_tty,
    }
}

/// What the watcher should do on one of its ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing yet: the cell has not run [`AFTER`] long, or nothing changed worth a line.
    Wait,
    /// Draw the line for the first time, with this text.
    Show(String),
    /// Draw it again with new text.
    Redraw(String),
    /// Same text, but turn the spinner (terminals only).
    Spin,
}

/// One cell's progress line, as a state machine fed with the time since the cell started
/// and its counts (`done` of `total` items; `total` 0 when the cell does not say).
///
/// ```
/// use std::time::Duration;
/// use interleaving::progress::{Step, Watch};
/// let mut w = Watch::new("cell 1/1 slow", "demo/src/cells/slow.rs", false);
/// assert_eq!(w.step(Duration::from_millis(1900), 0, 0), Step::Wait);
/// assert_eq!(
///     w.step(Duration::from_millis(2100), 3, 10),
///     Step::Show("cell 1/1 slow: running 2 s, 3/10 done (demo/src/cells/slow.rs)".into())
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Watch {
    label: String,
    file: String,
    plain: bool,
    /// The (whole seconds, done) last drawn, once the line is showing.
    drawn: Option<(u64, u64)>,
}

impl Watch {
    /// A watch for the cell described by `label` (`cell 2/12 concurrent-sleeps`), whose
    /// source is `file`. The file comes last in the line, so a narrow terminal cuts it first.
    /// `plain` is for a stderr that is not a terminal: no spinner, and at most one line a
    /// second, so a log does not fill up.
    pub fn new(label: impl Into<String>, file: impl Into<String>, plain: bool) -> Self {
        Watch {
            label: label.into(),
            file: file.into(),
            plain,
            drawn: None,
        }
    }

    /// What to do now, `elapsed` after the cell started, with `done` of `total` items done.
    pub fn step(&mut self, elapsed: Duration, done: u64, total: u64) -> Step {
        if elapsed < AFTER {
            return Step::Wait;
        }
        let secs = elapsed.as_secs();
        let now = (secs, done);
        let changed = match self.drawn {
            None => {
                self.drawn = Some(now);
                return Step::Show(self.message(secs, done, total));
            }
            // A log gets a new line only when the seconds move on.
            Some((s, _)) if self.plain => s != secs,
            Some(before) => before != now,
        };
        if changed {
            self.drawn = Some(now);
            Step::Redraw(self.message(secs, done, total))
        } else if self.plain {
            Step::Wait
        } else {
            Step::Spin
        }
    }

    fn message(&self, secs: u64, done: u64, total: u64) -> String {
        let mut m = format!("{}: running {secs} s", self.label);
        if total > 0 {
            m.push_str(&format!(", {}/{total} done", done.min(total)));
        }
        m.push_str(&format!(" ({})", self.file));
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn nothing_before_two_seconds_then_the_line_once() {
        let mut w = Watch::new("cell", "f.rs", false);
        for t in [0, 500, 1999] {
            assert_eq!(w.step(ms(t), 0, 0), Step::Wait, "{t} ms");
        }
        assert_eq!(
            w.step(ms(2000), 0, 0),
            Step::Show("cell: running 2 s (f.rs)".into())
        );
        assert_eq!(w.step(ms(2200), 0, 0), Step::Spin);
        assert_eq!(
            w.step(ms(3000), 0, 0),
            Step::Redraw("cell: running 3 s (f.rs)".into())
        );
    }

    #[test]
    fn a_terminal_redraws_on_progress_a_log_only_each_second() {
        let mut tty = Watch::new("c", "f.rs", false);
        let mut log = Watch::new("c", "f.rs", true);
        for w in [&mut tty, &mut log] {
            assert!(matches!(w.step(ms(2100), 1, 4), Step::Show(_)));
        }
        assert_eq!(
            tty.step(ms(2300), 2, 4),
            Step::Redraw("c: running 2 s, 2/4 done (f.rs)".into())
        );
        assert_eq!(log.step(ms(2300), 2, 4), Step::Wait);
        assert_eq!(log.step(ms(2500), 2, 4), Step::Wait, "no spinner in a log");
        assert_eq!(
            log.step(ms(3100), 3, 4),
            Step::Redraw("c: running 3 s, 3/4 done (f.rs)".into())
        );
    }

    #[test]
    fn done_never_shows_more_than_total() {
        let mut w = Watch::new("c", "f.rs", false);
        assert_eq!(
            w.step(ms(2000), 7, 5),
            Step::Show("c: running 2 s, 5/5 done (f.rs)".into())
        );
    }

    #[test]
    fn trace_mode_never_draws_and_the_env_var_overrides_the_terminal_test() {
        let v = |s: &str| Some(OsStr::new(s).to_owned());
        for (trace, tty, env, want) in [
            (true, true, None, false),
            (true, false, v("always"), false),
            (false, true, None, true),
            (false, false, None, false),
            (false, false, v("always"), true),
            (false, true, v("never"), false),
            (false, true, v("auto"), true),
            (false, false, v("auto"), false),
        ] {
            assert_eq!(
                enabled(trace, tty, env.as_deref()),
                want,
                "{trace} {tty} {env:?}"
            );
        }
    }
}
