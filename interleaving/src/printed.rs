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
//! pattern (`*` for any text). Where which of several actors prints a line varies (workers
//! sharing a queue), the lines are given for the group ([`Printed::among`]): their union
//! exactly, and `{actor}` in a line for what each may say of itself.
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

use std::collections::BTreeMap;
use std::fmt;

use crate::event::kinds;
use crate::knob::Knobs;
use crate::read::Line;
use crate::rule::{Outcome, Rule, violated};

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

    /// Whether `line`, printed by `actor`, is this one, `{actor}` standing for its name.
    fn matches_by(&self, actor: &str, line: &str) -> bool {
        let with = |s: &str| s.replace(ACTOR, actor);
        match self {
            Expected::Exact(s) => with(s) == line,
            Expected::Like(p) => glob(&with(p), line),
        }
    }
}

/// In a line of [`Printed::among`], the name of the actor that printed it.
pub const ACTOR: &str = "{actor}";

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
    among: Vec<(Vec<String>, Vec<Expected>)>,
}

impl Printed {
    /// Nobody prints anything (yet).
    pub fn new() -> Self {
        Printed::default()
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

    /// `actors`, together, print `lines` (besides what [`Printed::by`] gives each): which of
    /// them prints which line may vary, the union may not. `{actor}` ([`ACTOR`]) in a line
    /// stands for the name of whichever prints it, so each still says who it is:
    /// `among(["worker-1", "worker-2"], ["{actor}: 3 squared is 9"])`.
    pub fn among<A: Into<String>, E: Into<Expected>>(
        mut self,
        actors: impl IntoIterator<Item = A>,
        lines: impl IntoIterator<Item = E>,
    ) -> Self {
        self.among.push((
            actors.into_iter().map(Into::into).collect(),
            lines.into_iter().map(Into::into).collect(),
        ));
        self
    }
}

/// Each actor's output lines, rebuilt from its own `print` and `write` events; a last line
/// without its newline carries [`NO_NEWLINE`]. With the line number of the event that ended
/// each line.
pub fn lines_by_actor(lines: &[Line]) -> BTreeMap<String, Vec<(String, usize)>> {
    let mut open: BTreeMap<String, String> = BTreeMap::new();
    let mut out: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    let mut last_no: BTreeMap<String, usize> = BTreeMap::new();
    for l in lines {
        let e = &l.event;
        let text = match e.kind.as_str() {
            kinds::PRINT => format!("{}\n", e.value),
            kinds::WRITE => e.value.clone(),
            _ => continue,
        };
        // An actor is its name: a child process of the same name is the same lane.
        let buf = open.entry(e.actor.clone()).or_default();
        buf.push_str(&text);
        last_no.insert(e.actor.clone(), l.no);
        while let Some(i) = buf.find('\n') {
            let line: String = buf.drain(..=i).collect();
            out.entry(e.actor.clone())
                .or_default()
                .push((line[..line.len() - 1].to_owned(), l.no));
        }
    }
    for (actor, rest) in open {
        if !rest.is_empty() {
            let no = last_no.get(&actor).copied().unwrap_or_default();
            out.entry(actor)
                .or_default()
                .push((format!("{rest}{NO_NEWLINE}"), no));
        }
    }
    out
}

/// The rule "the lines each actor printed are exactly `expected(knobs)`" (see the module
/// docs). Fails naming each missing line (and its actor), each extra one (and its line).
pub fn printed(
    expected: impl Fn(&Knobs) -> Result<Printed, String> + Send + Sync + 'static,
) -> Rule {
    Rule::custom(move |lines| {
        let statement = "each actor printed exactly the lines its cell and knobs call for";
        let want = match expected(&Knobs::of(lines)) {
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

fn judge(
    mut got: BTreeMap<String, Vec<(String, usize)>>,
    want: &Printed,
    statement: &str,
) -> Outcome {
    let mut missing: Vec<String> = Vec::new();
    for (actor, lines) in &want.by {
        let have = got.entry(actor.clone()).or_default();
        // Exact lines first, so a pattern never takes the line an exact one needs.
        let mut order: Vec<&Expected> = lines.iter().collect();
        order.sort_by_key(|e| matches!(e, Expected::Like(_)));
        for e in order {
            match have.iter().position(|(l, _)| e.matches(l)) {
                Some(i) => {
                    have.swap_remove(i);
                }
                None => missing.push(format!("missing {e} by {actor}")),
            }
        }
    }
    for (actors, lines) in &want.among {
        // The group's lines, each with who printed it: what the group prints, pooled.
        let mut pool: Vec<(String, String, usize)> = actors
            .iter()
            .flat_map(|a| {
                got.remove(a)
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |(l, no)| (a.clone(), l, no))
            })
            .collect();
        let mut order: Vec<&Expected> = lines.iter().collect();
        order.sort_by_key(|e| matches!(e, Expected::Like(_)));
        for e in order {
            match pool.iter().position(|(a, l, _)| e.matches_by(a, l)) {
                Some(i) => {
                    pool.swap_remove(i);
                }
                None => missing.push(format!("missing {e} by one of {}", actors.join(", "))),
            }
        }
        for (a, l, no) in pool {
            got.entry(a).or_default().push((l, no));
        }
    }
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
    let total: usize = want
        .by
        .values()
        .chain(want.among.iter().map(|(_, l)| l))
        .map(Vec::len)
        .sum();
    let actors: std::collections::BTreeSet<&String> = want
        .by
        .keys()
        .chain(want.among.iter().flat_map(|(a, _)| a))
        .collect();
    violated(
        "printed-lines",
        statement,
        format!("{total} line(s) from {} actor(s)", actors.len()),
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

    #[test]
    fn a_group_prints_its_union_each_naming_itself() {
        let want = Printed::new().by("main", ["go"]).among(
            ["w-1", "w-2"],
            ["{actor}: 1 squared is 1", "{actor}: 2 squared is 4"],
        );
        let ok = Trace::from_steps([
            ("main", "print", "go"),
            ("w-2", "print", "w-2: 1 squared is 1"),
            ("w-2", "print", "w-2: 2 squared is 4"),
        ]);
        assert_eq!(judge(lines_by_actor(&ok.lines), &want, "s"), Outcome::Held);
        // A worker that names another, and a line missing from the union.
        let bad = Trace::from_steps([
            ("main", "print", "go"),
            ("w-1", "print", "w-2: 1 squared is 1"),
        ]);
        let Outcome::Violated(v) = judge(lines_by_actor(&bad.lines), &want, "s") else {
            panic!()
        };
        assert_eq!(
            v.got,
            "missing \"{actor}: 1 squared is 1\" by one of w-1, w-2; \
             missing \"{actor}: 2 squared is 4\" by one of w-1, w-2; \
             extra \"w-2: 1 squared is 1\" by w-1 (line 2)"
        );
    }
}
