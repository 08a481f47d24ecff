//! Every line a cell prints is something the lesson claims: the rule "the lines each actor
//! printed are exactly these" ([`printed`]), so that a line deleted, added or changed fails,
//! and the message names the line.
//!
//! Each actor's output is rebuilt from its own `print` events and `write` fragments, in its
//! own order (another actor's output between two fragments does not matter here: that is
//! tearing, which other rules record). A line must end with its newline: a fragment stream
//! that stops mid-line shows as that text with `(no closing newline)`. The expected lines of
//! an actor are a multiset (the order an actor prints in is checked, where it matters, by the
//! lesson's own rules); a line whose figures vary from run to run is given as a [`Like`]
//! pattern (`*` for any text).
//!
//! ```
//! use interleaving::printed::{Printed, printed};
//! use interleaving::{check, Property, Trace};
//! let p = Property::new("printed", printed(|_| Ok(Printed::new()
//!     .by("main", ["None", "10.0", "StopIteration: (3, 15.0)"]))));
//! let t = Trace::from_steps([
//!     ("lesson", "knob", ""),
//!     ("main", "print", "None"), ("main", "print", "10.0"),
//!     ("main", "print", "StopIteration: (3, 15.0)"),
//! ]);
//! assert!(check(&t, &[p.clone()]).is_ok());
//! let cut = Trace { lines: t.lines[..3].to_vec() };
//! let text = check(&cut, &[p]).to_string();
//! assert!(text.contains("missing \"StopIteration: (3, 15.0)\" by main"), "{text}");
//! ```

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;

use crate::knob::Knobs;
use crate::read::Line;
use crate::rule::{Outcome, Rule, violated};

mod among;
mod numbered;
mod seen;
mod stream;

pub use among::ACTOR;
pub use seen::{Seen, printed_beside, printed_seeing};

/// What marks a line written without its newline.
pub const NO_NEWLINE: &str = " (no closing newline)";

/// One expected line: exact text, or a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Exactly this text.
    Exact(String),
    /// Text matching this pattern: `*` stands for any text (a measured figure).
    Like(String),
}

/// A line whose figures vary: `*` matches any text (`"took * ms"`).
pub fn like(pattern: impl Into<String>) -> Expected {
    Expected::Like(pattern.into())
}

impl From<&str> for Expected {
    fn from(s: &str) -> Self {
        Expected::Exact(s.to_owned())
    }
}

impl From<String> for Expected {
    fn from(s: String) -> Self {
        Expected::Exact(s)
    }
}

impl From<&String> for Expected {
    fn from(s: &String) -> Self {
        Expected::Exact(s.clone())
    }
}

impl Expected {
    /// Whether `line` is this one.
    pub fn matches(&self, line: &str) -> bool {
        match self {
            Expected::Exact(s) => s == line,
            Expected::Like(p) => glob(p, line),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Exact(s) => write!(f, "{s:?}"),
            Expected::Like(p) => write!(f, "like {p:?}"),
        }
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, s: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = s.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for p in middle {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The lines each actor must print, built one actor at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printed {
    by: BTreeMap<String, Vec<Expected>>,
    /// Numbered lines per actor ([`Printed::numbered`]), taken as exact lines are.
    numbered: BTreeMap<String, Vec<numbered::Numbered>>,
    /// Lines spread over several actors ([`Printed::among`]).
    among: Vec<among::Among>,
}

impl Printed {
    /// Nobody prints anything (yet).
    pub fn new() -> Self {
        Printed::default()
    }

    /// Both: each actor's lines of `self` and of `other`, and both's groups.
    fn and(mut self, other: Printed) -> Printed {
        for (actor, lines) in other.by {
            self.by.entry(actor).or_default().extend(lines);
        }
        for (actor, n) in other.numbered {
            self.numbered.entry(actor).or_default().extend(n);
        }
        self.among.extend(other.among);
        self
    }

    /// `actor` prints `lines` (added to what it already prints).
    pub fn by<E: Into<Expected>>(
        mut self,
        actor: &str,
        lines: impl IntoIterator<Item = E>,
    ) -> Self {
        self.by
            .entry(actor.to_owned())
            .or_default()
            .extend(lines.into_iter().map(Into::into));
        self
    }
}

/// Each actor's output lines, rebuilt from its own `print` and `write` events; a last line
/// without its newline carries [`NO_NEWLINE`]. With the line number of the event that ended
/// each line.
pub fn lines_by_actor(lines: &[Line]) -> BTreeMap<String, Vec<(String, usize)>> {
    let mut by_actor = stream::ByActor::default();
    let mut out: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    let mut put = |actor: &str, text: String, no: usize| {
        out.entry(actor.to_owned()).or_default().push((text, no));
    };
    for l in lines {
        by_actor.line(l, &mut put);
    }
    by_actor.finish(&mut put);
    out
}

/// The `printed-lines` property of a cell whose output is fixed (by its knobs, or not at
/// all): each actor printed exactly `by`'s lines. The four lessons with such cells declare
/// them with this.
///
/// ```
/// use interleaving::printed::{Printed, fixed_lines};
/// let props = fixed_lines("join-waits", Printed::new().by("main", ["Hello World"]));
/// assert_eq!(props.len(), 1);
/// assert_eq!(props[0].name, "printed-lines");
/// ```
pub fn fixed_lines(cell_name: &str, by: Printed) -> Vec<crate::Property> {
    crate::declare::cell(
        cell_name,
        [("printed-lines", printed(move |_| Ok(by.clone())))],
    )
}

/// The rule "the lines each actor printed are exactly `expected(knobs)`" (see the module
/// docs). Fails naming each missing line (and its actor), each extra one (and its line).
pub fn printed(
    expected: impl Fn(&Knobs) -> Result<Printed, String> + Send + Sync + 'static,
) -> Rule {
    let want: stream::Want = std::sync::Arc::new(expected);
    Rule::fold(move || stream::PrintedFold::new(want.clone(), None))
}

/// What every `printed-lines` rule states.
const STATEMENT: &str = "each actor printed exactly the lines its cell and knobs call for";

/// [`printed`], with the cell's own trace lines at hand as well as its knobs: for a line the
/// cell prints once per event of some kind (each time a bounded queue was full), or one that
/// reports a count the trace also records (how many items each consumer got), so the line is
/// still claimed exactly where its number varies by design.
///
/// ```
/// use interleaving::printed::{Printed, printed_from};
/// use interleaving::{check, Property, Trace};
/// // One "full" line per `full` event, however many there were.
/// let p = Property::new("printed", printed_from(|_, lines| Ok(Printed::new().by(
///     "producer",
///     lines.iter().filter(|l| l.event.kind == "full").map(|l| format!("full at {}", l.event.value)),
/// ))));
/// let t = Trace::from_steps([
///     ("lesson", "knob", ""),
///     ("producer", "full", "2"), ("producer", "print", "full at 2"),
/// ]);
/// assert!(check(&t, &[p.clone()]).is_ok());
/// let silent = Trace { lines: t.lines[..2].to_vec() };
/// let text = check(&silent, &[p]).to_string();
/// assert!(text.contains("missing \"full at 2\" by producer"), "{text}");
/// ```
pub fn printed_from(
    expected: impl Fn(&Knobs, &[Line]) -> Result<Printed, String> + Send + Sync + 'static,
) -> Rule {
    Rule::custom(move |lines| {
        let statement = STATEMENT;
        let want = match expected(&Knobs::of(lines), lines) {
            Ok(w) => w,
            Err(e) => {
                return violated(
                    "printed-lines",
                    statement,
                    e,
                    "no such knob in the cell".into(),
                    vec![],
                );
            }
        };
        judge(lines_by_actor(lines), &want, statement)
    })
}

fn judge(got: BTreeMap<String, Vec<(String, usize)>>, want: &Printed, statement: &str) -> Outcome {
    judge_rest(got, want, want, statement)
}

/// [`judge`] of the lines `got` against what is `left` of `full` once exact lines took theirs
/// (the counts in the message are `full`'s).
fn judge_rest(
    mut got: BTreeMap<String, Vec<(String, usize)>>,
    left: &Printed,
    full: &Printed,
    statement: &str,
) -> Outcome {
    let want = left;
    let mut missing: Vec<String> = Vec::new();
    // Numbered lines are exact lines: taken first, as those are.
    let mut numbered = want.numbered.clone();
    for (actor, groups) in &mut numbered {
        if let Some(have) = got.get_mut(actor) {
            have.retain(|(line, _)| !groups.iter_mut().any(|g| g.take(line)));
        }
        for g in groups.iter() {
            missing.extend(g.missing(&format!("by {actor}")));
        }
    }
    for (actor, lines) in &want.by {
        let have = got.entry(actor.clone()).or_default();
        // Exact lines first, so a pattern never takes the line an exact one needs; each takes
        // the earliest line of its text, found by hash (a scan per line was quadratic).
        let mut at: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for (i, (l, _)) in have.iter().enumerate() {
            at.entry(l.as_str()).or_default().push_back(i);
        }
        let mut taken = vec![false; have.len()];
        let mut likes = Vec::new();
        for e in lines {
            match e {
                Expected::Exact(text) => {
                    match at.get_mut(text.as_str()).and_then(VecDeque::pop_front) {
                        Some(i) => taken[i] = true,
                        None => missing.push(format!("missing {e} by {actor}")),
                    }
                }
                Expected::Like(_) => likes.push(e),
            }
        }
        let mut rest: Vec<(String, usize)> = std::mem::take(have)
            .into_iter()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(l, _)| l)
            .collect();
        // Patterns are few (a measured figure): each takes the first line it matches.
        for e in likes {
            match rest.iter().position(|(l, _)| e.matches(l)) {
                Some(i) => {
                    rest.remove(i);
                }
                None => missing.push(format!("missing {e} by {actor}")),
            }
        }
        *have = rest;
    }
    among::take(&mut got, &want.among, &mut missing);
    let mut extra: Vec<(String, usize)> = got
        .into_iter()
        .flat_map(|(actor, rest)| {
            rest.into_iter()
                .map(move |(l, no)| (format!("extra {l:?} by {actor} (line {no})"), no))
        })
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return Outcome::Held;
    }
    extra.sort_by_key(|(_, no)| *no);
    let at: Vec<usize> = extra.iter().map(|(_, no)| *no).collect();
    let mut what = missing;
    what.extend(extra.into_iter().map(|(s, _)| s));
    let total: usize = full.by.values().map(Vec::len).sum::<usize>()
        + full
            .numbered
            .values()
            .flatten()
            .map(numbered::Numbered::len)
            .sum::<usize>()
        + full.among.iter().map(among::Among::len).sum::<usize>();
    let actors = full
        .by
        .keys()
        .chain(full.numbered.keys())
        .chain(full.among.iter().flat_map(|g| &g.actors))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    violated(
        "printed-lines",
        statement,
        format!("{total} line(s) from {actors} actor(s)"),
        what.join("; "),
        at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Trace;

    #[test]
    fn stars_match_any_text() {
        assert!(glob("took * ms", "took 3.2 ms"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXbYc") && !glob("a*b*c", "aXbY"));
        assert!(!glob("took * ms", "took 3.2 s"));
        assert!(glob("exact", "exact") && !glob("exact", "exact!"));
    }

    #[test]
    fn fragments_make_lines_and_a_missing_newline_shows() {
        let t = Trace::from_steps([
            ("a", "write", "Square: "),
            ("b", "print", "Cube: 27"),
            ("a", "write", "4"),
            ("a", "write", "\n"),
            ("a", "write", "Square: 9"),
        ]);
        let got = lines_by_actor(&t.lines);
        assert_eq!(
            got["a"],
            vec![
                ("Square: 4".to_owned(), 4),
                (format!("Square: 9{NO_NEWLINE}"), 5)
            ]
        );
        assert_eq!(got["b"], vec![("Cube: 27".to_owned(), 2)]);
    }

    #[test]
    fn a_changed_or_added_line_is_named_with_its_line() {
        let want = Printed::new()
            .by("main", ["a", "b"])
            .by("w", [like("took * ms")]);
        let t = Trace::from_steps([
            ("main", "print", "a"),
            ("main", "print", "c"),
            ("w", "print", "took 4 ms"),
            ("x", "print", "hi"),
        ]);
        let Outcome::Violated(v) = judge(lines_by_actor(&t.lines), &want, "s") else {
            panic!()
        };
        assert_eq!(
            v.got,
            "missing \"b\" by main; extra \"c\" by main (line 2); extra \"hi\" by x (line 4)"
        );
        assert_eq!(v.lines, vec![2, 4]);
    }
}
