//! The Python a cell mirrors, cut out of its reference script (`reference/python/py_*.py`):
//! the script marks each cell with `lab_trace.cell("NAME")`, so the cell is what follows that
//! mark (up to the next mark, or the end of the function it sits in), together with the
//! script's own functions it uses, and the ones those use.

use std::collections::BTreeSet;

/// A top-level `def`, `async def` or `class` of the script, with its leading comments.
struct Block {
    name: String,
    /// First and one-past-last line index.
    span: (usize, usize),
}

/// The Python of `cell` in `script` (its text), or `None` if the script has no such cell.
pub fn for_cell(script: &str, cell: &str) -> Option<String> {
    let lines: Vec<&str> = script.lines().collect();
    let literal = format!("\"{cell}\"");
    let at = lines
        .iter()
        .position(|l| marks_a_cell(l) && l.contains(&literal))?;
    let blocks = blocks(&lines);
    let enclosing = blocks.iter().find(|b| b.span.0 <= at && at < b.span.1);
    // In a function of its own (`def lock_cell():`), the cell is that whole function; in
    // `main`, it is main's lines from the mark to the next one.
    let (own, segment): (Option<&Block>, Option<(usize, usize)>) = match enclosing {
        Some(b) if b.name != "main" => (Some(b), None),
        _ => {
            let end = (at + 1..lines.len())
                .find(|&i| {
                    let l = lines[i];
                    marks_a_cell(l)
                        || l.contains("lab_trace.end(")
                        || (!l.is_empty() && !l.starts_with([' ', '\t', '#']))
                })
                .unwrap_or(lines.len());
            (None, Some((at, end)))
        }
    };
    let mut wanted: BTreeSet<usize> = BTreeSet::new();
    let mut left_out: BTreeSet<&str> = BTreeSet::new();
    let mut todo: Vec<(usize, usize)> = own.map(|b| b.span).into_iter().chain(segment).collect();
    while let Some((from, to)) = todo.pop() {
        let used = words(&lines[from..to]);
        for (i, b) in blocks.iter().enumerate() {
            if !used.contains(b.name.as_str())
                || b.name == "main"
                || own.is_some_and(|o| o.span == b.span)
            {
                continue;
            }
            if plumbing(&lines[b.span.0..b.span.1]) {
                left_out.insert(&b.name);
            } else if wanted.insert(i) {
                todo.push(b.span);
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    if !left_out.is_empty() {
        let names: Vec<&str> = left_out.into_iter().collect();
        out.push(format!(
            "# Left out: {}, the script's trace plumbing (they emit the events).",
            names.join(", ")
        ));
    }
    for i in &wanted {
        let (from, to) = blocks[*i].span;
        out.push(lines[from..to].join("\n"));
    }
    if let Some(b) = own {
        out.push(lines[b.span.0..b.span.1].join("\n"));
    }
    if let Some((from, to)) = segment {
        out.push(format!("# in main():\n{}", dedent(&lines[from..to])));
    }
    Some(out.join("\n\n\n") + "\n")
}

/// The script's top-level blocks, each with the comment lines right above it.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let starts_block = |l: &str| {
        ["def ", "async def ", "class "]
            .iter()
            .find_map(|p| l.strip_prefix(p))
            .map(|rest| {
                rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
    };
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(name) = starts_block(l) else {
            continue;
        };
        let mut from = i;
        while from > 0 && lines[from - 1].starts_with('#') {
            from -= 1;
        }
        let mut to = (i + 1..lines.len())
            .find(|&j| !lines[j].is_empty() && !lines[j].starts_with([' ', '\t']))
            .unwrap_or(lines.len());
        while to > i + 1 && (lines[to - 1].trim().is_empty() || lines[to - 1].starts_with('#')) {
            to -= 1;
        }
        out.push(Block {
            name,
            span: (from, to),
        });
    }
    out
}

/// Whether `line` starts a cell: `cell("NAME")`, `lab_trace.cell("NAME", ...)` or
/// `Cell(url, "NAME", ...)`.
fn marks_a_cell(line: &str) -> bool {
    line.to_lowercase().contains("cell(") && line.contains('"')
}

/// The trace's plumbing, not the notebook's Python: a helper that passes any cell's name on to
/// `lab_trace.cell` (`def cell(name, **knobs)`), or a class wrapping things so that they emit
/// events (`class Traced`).
fn plumbing(block: &[&str]) -> bool {
    let generic_cell = block
        .iter()
        .any(|l| l.contains("lab_trace.cell(") && !l.contains("cell(\""));
    let is_class = block
        .iter()
        .find(|l| !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("class "));
    generic_cell || (is_class && block.iter().any(|l| l.contains("lab_trace.")))
}

/// The names `lines` use, attributes (`lab_trace.cell`) aside: those are not the script's
/// own top-level functions.
fn words<'a>(lines: &[&'a str]) -> BTreeSet<&'a str> {
    let mut out = BTreeSet::new();
    for l in lines {
        let mut start = None;
        let mut after_dot = false;
        for (i, c) in l.char_indices().chain([(l.len(), ' ')]) {
            let ident = c.is_alphanumeric() || c == '_';
            match (start, ident) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    if !after_dot {
                        out.insert(&l[s..i]);
                    }
                    start = None;
                }
                _ => {}
            }
            if start.is_none() {
                after_dot = c == '.';
            }
        }
    }
    out
}

/// `lines` with their common indentation removed, trailing blank lines dropped.
fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut kept: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect();
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"import lab_trace


# In [8]
def square(n):
    print("Square:", n**2)


def helper():
    return 1


def unused():
    pass


def cell(name, **knobs):
    lab_trace.cell(name, **knobs)


class Traced:
    def __init__(self, g):
        lab_trace.emit("start", "g")


def lock_cell():
    lab_trace.cell("lock")
    print(helper())


def main():
    lab_trace.lesson("threading")
    lab_trace.cell("square-cube")
    t1 = Thread(target=square, args=(2,))
    t1.start()
    Traced(t1)
    cell("other")
    lock_cell()
    lab_trace.end("threading")
"#;

    #[test]
    fn a_cell_in_main_comes_with_the_functions_it_uses() {
        let got = for_cell(SCRIPT, "square-cube").unwrap();
        assert!(got.contains("\n# In [8]\ndef square(n):"), "{got}");
        assert!(got.contains("# in main():\nlab_trace.cell(\"square-cube\")\nt1 = Thread"));
        assert!(
            !got.contains("lock_cell") && !got.contains("unused"),
            "{got}"
        );
        assert!(!got.contains("\"other\""), "stops at the next cell: {got}");
    }

    #[test]
    fn a_cell_in_its_own_function_is_that_function_and_what_it_calls() {
        let got = for_cell(SCRIPT, "lock").unwrap();
        assert!(got.starts_with("def helper():"), "{got}");
        assert!(got.contains("def lock_cell():\n    lab_trace.cell(\"lock\")"));
        assert!(
            !got.contains("def main") && !got.contains("square"),
            "{got}"
        );
    }

    #[test]
    fn a_cell_made_by_a_helper_class_is_found_by_its_name() {
        let script = "def main():\n    if x:\n        c = Cell(url, \"stream-queue\", {})\n        \
                      c.run()\n        c = Cell(url, \"pool-map\", {})\n        c.other()\n";
        let got = for_cell(script, "stream-queue").unwrap();
        assert_eq!(
            got,
            "# in main():\nc = Cell(url, \"stream-queue\", {})\nc.run()\n"
        );
    }

    #[test]
    fn a_cell_the_script_does_not_have_is_none() {
        assert!(for_cell(SCRIPT, "two-lanes").is_none());
    }
}
