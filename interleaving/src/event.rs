//! The one event shape every demo writes and every check reads (SPEC section 3).

use serde::{Deserialize, Serialize};

/// One thing an actor did, as one line of JSON.
///
/// The field order is the wire order, so every line reads the same way:
/// `{"seq":0,"t_ns":1234,"pid":42,"actor":"main","kind":"print","value":"Hello"}`.
///
/// ```
/// use interleaving::Event;
/// let e = Event::new(0, 1234, 42, "main", "print", "Hello");
/// let line = e.to_json_line();
/// assert_eq!(line, "{\"seq\":0,\"t_ns\":1234,\"pid\":42,\"actor\":\"main\",\"kind\":\"print\",\"value\":\"Hello\"}\n");
/// assert_eq!(Event::from_json(line.trim_end()).unwrap(), e);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Per-actor counter starting at 0: the actor's program order.
    pub seq: u64,
    /// `CLOCK_MONOTONIC` nanoseconds, comparable across processes on one machine.
    pub t_ns: u64,
    /// The OS process that wrote the line.
    pub pid: u32,
    /// Who did it: `main`, `child-3`, `producer`, `task-7`...
    pub actor: String,
    /// What it did, from the demo's small closed vocabulary (see [`kinds`]).
    pub kind: String,
    /// What it printed, put, got... (may be empty).
    #[serde(default)]
    pub value: String,
}

impl Event {
    /// Builds an event from its parts.
    pub fn new(
        seq: u64,
        t_ns: u64,
        pid: u32,
        actor: impl Into<String>,
        kind: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Event {
            seq,
            t_ns,
            pid,
            actor: actor.into(),
            kind: kind.into(),
            value: value.into(),
        }
    }

    /// The event as one JSON line, newline included, ready for a single `write(2)`.
    pub fn to_json_line(&self) -> String {
        // Serializing a struct of strings and integers cannot fail.
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }

    /// Parses one JSON line (without its newline).
    pub fn from_json(line: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// The kinds every demo shares. A demo may add its own; its lib documents them.
pub mod kinds {
    /// A whole line of program output (`value` without its newline).
    pub const PRINT: &str = "print";
    /// A raw fragment of output, written as is: several make a line, and lines can tear.
    pub const WRITE: &str = "write";
    /// The lesson began a cell; `value` is the cell's name. Splits a trace into cells.
    pub const CELL: &str = "cell";
    /// An actor began running.
    pub const START: &str = "start";
    /// An actor finished; `value` may carry its exit status.
    pub const EXIT: &str = "exit";
    /// A join returned; `value` names who was joined. Nothing of that actor may follow it
    /// in its cell until a `start` names it again (a rule every trace gets).
    pub const JOIN: &str = "join";
    /// The run began; `value` names the lesson. Always a trace's first event, by `lesson`.
    pub const LESSON: &str = "lesson";
    /// The run ended normally; by `lesson`, always a whole trace's last event.
    pub const END: &str = "end";
    /// A cell's effective knobs, `key=value` fields split by spaces (`children=5 work_ms=0`):
    /// each cell's first event, by `lesson`. Properties take their bounds from it.
    pub const KNOB: &str = "knob";
}
