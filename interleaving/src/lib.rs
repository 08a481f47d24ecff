//! The trace format, the emitter demos use, and the property checker of concurrency-lab.
//!
//! A demo says what happened through an [`Actor`]: one event per call, written as one
//! `write(2)` to stdout, either as the text the notebook would print or, with `--trace`, as a
//! JSON line ([`Event`]). A recorded trace is read back with [`Trace::parse`] (malformed lines
//! are reported with their number) and judged by [`check`] against [`Property`]s: named
//! [`Rule`]s such as exactly-once, happens-before, FIFO or bounded concurrency, each of which
//! says, when broken, what was expected, what was got, and on which lines.
//!
//! [`check_lesson`] first applies the rules every trace gets ([`every_trace`]: one run of one
//! lesson, each cell opened by its [`knob`] event, a joined actor is finished, per-actor
//! order), then the lesson's own properties, declared one line each with [`declare`]. Every
//! rule is a fold over lines ([`fold`]): [`check::check_reader`] judges a trace as it streams
//! from a file or a pipe and never holds it, each rule keeping only what the run has in flight
//! at that line (see [`check::Checker`]). With the
//! `testing` feature, `interleaving::testing` records real runs and mutates them, to show that
//! every property can fail (and `cargo xtask mutate` that every must-fail variant does).
//!
//! ```
//! use interleaving::{check, Event, Property, Rule, Select, Trace};
//!
//! // The notebook's join: "Hello World" must come after every child's square.
//! let join_waits = Property::new("join-waits", Rule::HappensBefore {
//!     before: Select::lines().by("child-*"),
//!     after: Select::lines().by("main").value("Hello World"),
//! });
//! let good = Trace::from_events([
//!     Event::new(0, 1, 11, "child-1", "print", "1"),
//!     Event::new(0, 2, 10, "main", "print", "Hello World"),
//! ]);
//! let bad = Trace::from_events([
//!     Event::new(0, 1, 10, "main", "print", "Hello World"),
//!     Event::new(0, 2, 11, "child-1", "print", "1"),
//! ]);
//! assert!(check(&good, &[join_waits.clone()]).is_ok());
//! let report = check(&bad, &[join_waits]);
//! assert!(report.to_string().contains("happens-before violated"));
//! ```

#[cfg(feature = "bench")]
pub mod alternation;
pub mod check;
pub mod cli;
pub mod declare;
pub mod emit;
pub mod event;
pub mod every_trace;
pub mod fold;
pub mod knob;
pub mod lesson;
pub mod linear;
mod panic_message;
pub mod printed;
pub mod progress;
mod py_print;
pub mod read;
pub mod rule;
pub mod select;
pub mod shorten;
pub mod shown;
pub mod spec;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "testing")]
pub mod unwritable;
pub mod wgl;

pub use check::{Property, Report, Verdict, check, check_lesson};
pub use emit::{Actor, Mode};
pub use event::{Event, kinds};
pub use lesson::{Cell, Lesson, LessonArgs, LessonCli};
pub use panic_message::panic_message;
pub use py_print::py_print;
pub use read::{Line, ReadError, Trace};
pub use rule::{Outcome, Rule, Violation};
pub use select::Select;
pub use spec::LessonSpec;
