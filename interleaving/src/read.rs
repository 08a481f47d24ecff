//! Reading a recorded trace back: line numbers kept, malformed input reported, never a panic.

use std::io::BufRead;

use crate::event::{Event, kinds};

/// One event with the 1-based line number it had in the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the trace as recorded.
    pub no: usize,
    /// The event on that line.
    pub event: Event,
}

/// A whole trace: the observed linearization, in stdout order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// Every event, in the order the lines were written.
    pub lines: Vec<Line>,
}

/// Reads JSON Lines from `reader` and hands each event to `each` with its line number, one
/// at a time, keeping nothing: the line's text is read into one buffer reused for every line.
/// Blank lines are allowed (and still counted); the first malformed line ends the reading.
///
/// ```
/// let text = "{\"seq\":0,\"t_ns\":1,\"pid\":7,\"actor\":\"main\",\"kind\":\"print\",\"value\":\"Hi\"}\n";
/// let mut seen = Vec::new();
/// interleaving::read::each_line(text.as_bytes(), |l| seen.push((l.no, l.event.value))).unwrap();
/// assert_eq!(seen, [(1, "Hi".to_owned())]);
/// ```
pub fn each_line(mut reader: impl BufRead, mut each: impl FnMut(Line)) -> Result<(), ReadError> {
    let mut raw = Vec::new();
    for no in 1.. {
        raw.clear();
        if reader.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        if raw.last() == Some(&b'\n') {
            raw.pop();
        }
        let text = std::str::from_utf8(&raw).map_err(|e| ReadError::Malformed {
            line: no,
            reason: format!("not UTF-8 ({e})"),
        })?;
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        let event = Event::from_json(text).map_err(|e| ReadError::Malformed {
            line: no,
            reason: format!("{e}: {}", crate::shorten::one_line(text, 80)),
        })?;
        each(Line { no, event });
    }
    Ok(())
}

/// Why a trace could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A line was not a trace event.
    #[error("line {line}: not a trace event: {reason}")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// What was wrong with it.
        reason: String,
    },
    /// The source could not be read.
    #[error("cannot read the trace")]
    Io(#[from] std::io::Error),
}

impl Trace {
    /// Parses JSON Lines text. Blank lines are allowed (and still counted).
    ///
    /// ```
    /// let t = interleaving::Trace::parse(
    ///     "{\"seq\":0,\"t_ns\":1,\"pid\":7,\"actor\":\"main\",\"kind\":\"print\",\"value\":\"Hello\"}\n",
    /// ).unwrap();
    /// assert_eq!(t.lines[0].event.value, "Hello");
    ///
    /// let err = interleaving::Trace::parse("{\"seq\":0}\nHello\n").unwrap_err();
    /// assert!(err.to_string().starts_with("line 1:"));
    /// ```
    pub fn parse(text: &str) -> Result<Trace, ReadError> {
        Self::read(text.as_bytes())
    }

    /// Reads JSON Lines from any reader (a file, a pipe, stdin), one line at a time: only the
    /// parsed events are kept, never the whole text (a million-line trace is about 600 MB of
    /// text, which a check has no use for once each line is parsed).
    pub fn read(reader: impl BufRead) -> Result<Trace, ReadError> {
        let mut lines = Vec::new();
        each_line(reader, |l| lines.push(l))?;
        // The vector grew by doubling: give back what no line uses.
        lines.shrink_to_fit();
        Ok(Trace { lines })
    }

    /// Builds a trace from events, numbering them 1, 2, 3... (handy in tests).
    pub fn from_events(events: impl IntoIterator<Item = Event>) -> Trace {
        let lines = events
            .into_iter()
            .enumerate()
            .map(|(i, event)| Line { no: i + 1, event })
            .collect();
        Trace { lines }
    }

    /// A trace written the way a lesson writes one, from `(actor, kind, value)` steps: each
    /// actor's `seq` counts 0, 1, 2... and starts again after every `cell` event; `t_ns` is
    /// the step's index and `pid` is 1. For tests that hand-make a run and then break it.
    ///
    /// ```
    /// use interleaving::Trace;
    /// let t = Trace::from_steps([
    ///     ("lesson", "cell", "a"),
    ///     ("main", "print", "Hello"),
    ///     ("main", "print", "Hello"),
    /// ]);
    /// assert_eq!(t.lines[2].event.seq, 1);
    /// ```
    pub fn from_steps<A, K, V>(steps: impl IntoIterator<Item = (A, K, V)>) -> Trace
    where
        A: Into<String>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut seqs: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        Trace::from_events(steps.into_iter().enumerate().map(|(i, (a, k, v))| {
            let (actor, kind) = (a.into(), k.into());
            if kind == kinds::CELL {
                seqs.retain(|who, _| *who == actor);
            }
            let seq = seqs.entry(actor.clone()).or_insert(0);
            let e = Event::new(*seq, i as u64, 1, actor, kind, v);
            *seq += 1;
            e
        }))
    }

    /// The trace split at each `cell` event: `(cell name, its lines)`, in order. Lines before
    /// the first `cell` event form a segment named `""`, if there are any besides the run's
    /// `lesson` event.
    pub fn cells(&self) -> Vec<(&str, &[Line])> {
        let mut out: Vec<(&str, &[Line])> = Vec::new();
        let mut start = 0;
        let mut name = "";
        for (i, line) in self.lines.iter().enumerate() {
            if line.event.kind == kinds::CELL {
                let only_the_lesson_event = self.lines[start..i]
                    .iter()
                    .all(|l| l.event.kind == kinds::LESSON);
                if !name.is_empty() || !only_the_lesson_event {
                    out.push((name, &self.lines[start..i]));
                }
                name = &line.event.value;
                start = i + 1;
            }
        }
        if start < self.lines.len() || !name.is_empty() {
            out.push((name, &self.lines[start..]));
        }
        out
    }

    /// What a learner would have seen on stdout in text mode: `print` lines and `write`
    /// fragments in trace order (narration aside).
    ///
    /// ```
    /// use interleaving::{Event, Trace};
    /// let t = Trace::from_events([
    ///     Event::new(0, 0, 1, "square", "write", "Square:"),
    ///     Event::new(0, 0, 1, "main", "print", "Hello"),
    ///     Event::new(1, 0, 1, "square", "write", " 4\n"),
    /// ]);
    /// assert_eq!(t.output_text(), "Square:Hello\n 4\n");
    /// ```
    pub fn output_text(&self) -> String {
        let mut s = String::new();
        for line in &self.lines {
            match line.event.kind.as_str() {
                kinds::PRINT => {
                    s.push_str(&line.event.value);
                    s.push('\n');
                }
                kinds::WRITE => s.push_str(&line.event.value),
                _ => {}
            }
        }
        s
    }

    /// The interleaving this trace shows: the order in which the actors' events were merged,
    /// as `actor kind #seq` in trace order. Times, pids and values are left out: values are what
    /// the program computed (a measured time, a speedup), not how its actors interleaved, and
    /// a wrong value is the properties' business. Two runs with the same fingerprint
    /// interleaved the same way.
    pub fn fingerprint(&self) -> String {
        let mut s = String::new();
        for line in &self.lines {
            let e = &line.event;
            s.push_str(&e.actor);
            s.push(' ');
            s.push_str(&e.kind);
            s.push_str(" #");
            s.push_str(&e.seq.to_string());
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_line_is_reported_with_its_number() {
        let good = Event::new(0, 1, 1, "main", "print", "x").to_json_line();
        let text = format!("{good}\n{good}not json\n");
        let err = Trace::parse(&text).unwrap_err();
        assert!(
            err.to_string().starts_with("line 4: not a trace event"),
            "{err}"
        );
    }

    #[test]
    fn missing_field_and_bad_utf8_are_errors_not_panics() {
        assert!(Trace::parse("{\"seq\":0,\"t_ns\":1}").is_err());
        let err = Trace::read(&b"\xff\xfe\n"[..]).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn cells_split_at_cell_events() {
        let t = Trace::from_events([
            Event::new(0, 0, 1, "lesson", "cell", "a"),
            Event::new(0, 0, 1, "main", "print", "1"),
            Event::new(1, 0, 1, "lesson", "cell", "b"),
            Event::new(1, 0, 1, "main", "print", "2"),
            Event::new(2, 0, 1, "main", "print", "3"),
        ]);
        let cells = t.cells();
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0].0, "a");
        assert_eq!(cells[0].1.len(), 1);
        assert_eq!(cells[1].0, "b");
        assert_eq!(cells[1].1.len(), 2);
    }

    #[test]
    fn fingerprint_is_the_merge_order_of_the_actors() {
        let a = Trace::from_events([
            Event::new(0, 5, 1, "main", "print", "took 3 ms"),
            Event::new(0, 6, 1, "child", "print", "4"),
        ]);
        let b = Trace::from_events([
            Event::new(0, 9, 2, "main", "print", "took 5 ms"),
            Event::new(0, 9, 3, "child", "print", "4"),
        ]);
        let c = Trace::from_events([b.lines[1].event.clone(), b.lines[0].event.clone()]);
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
    }
}
