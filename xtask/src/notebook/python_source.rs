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
    let mark = format!("cell(\"{cell}\"");
    let at = lines.iter().position(|l| l.contains(&mark))?;
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
                    l.contains("cell(\"")
                        || l.contains("lab_trace.end(")
                        || (!l.is_empty() && !l.starts_with([' ', '\t', '#']))
                })
                .unwrap_or(lines.len());
            (None, Some((at, end)))
        }
    };
    let mut wanted: BTreeSet<usize> = BTreeSet::new();
    let mut todo: Vec<(usize, usize)> = own.map(|b| b.span).into_iter().chain(segment).collect();
    while let Some((from, to)) = todo.pop() {
        let used = words(&lines[from..to]);
        for (i, b) in blocks.iter().enumerate() {
            let skip = b.name == "main" || own.is_some_and(|o| o.span == b.span);
            if !skip && used.contains(b.name.as_str()) && wanted.insert(i) {
                todo.push(b.span);
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
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

/// The identifiers in `lines`.
fn words<'a>(lines: &[&'a str]) -> BTreeSet<&'a str> {
    lines
        .iter()
        .flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .filter(|w| !w.is_empty())
        .collect()
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


def lock_cell():
    lab_trace.cell("lock")
    print(helper())


def main():
    lab_trace.lesson("threading")
    lab_trace.cell("square-cube")
    t1 = Thread(target=square, args=(2,))
    t1.start()
    lab_trace.cell("other")
    lock_cell()
    lab_trace.end("threading")
"#;

    #[test]
    fn a_cell_in_main_comes_with_the_functions_it_uses() {
        let got = for_cell(SCRIPT, "square-cube").unwrap();
        assert!(got.starts_with("# In [8]\ndef square(n):"), "{got}");
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
    fn a_cell_the_script_does_not_have_is_none() {
        assert!(for_cell(SCRIPT, "two-lanes").is_none());
    }
}
