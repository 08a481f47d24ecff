//! The last bench report's rows for a cell: `target/bench/report.md` if this machine ran
//! `cargo xtask bench`, else the published `docs/bench/report.md`. Rows are matched
//! by the start of their label, from the table below (a bench row measures a primitive, not a
//! cell, so which row belongs to which cell is stated here once).

use std::path::{Path, PathBuf};

use crate::paths;

/// (lesson, cell, start of the row labels that measure what the cell shows).
const ROWS: &[(&str, &str, &str)] = &[
    ("multiprocessing", "start-hello", "process start+join, fork"),
    ("multiprocessing", "start-hello", "Process fork over raw"),
    ("multiprocessing", "spawn", "process start+join, spawn"),
    ("multiprocessing", "spawn", "Process spawn over raw"),
    ("multiprocessing", "pool-map", "Pool(2).map vs sequential"),
    ("threading", "square-cube", "thread spawn+join"),
    ("threading", "no-gil", "primes below"),
    ("threading", "lock", "Lock "),
    ("threading", "rlock", "RLock "),
    ("threading", "semaphore", "Semaphore(1)"),
    ("threading", "condition", "Condition "),
    ("threading", "barrier", "Barrier"),
    (
        "producer-consumer",
        "producer-consumer",
        "queue 1->1 bounded 1024: our Queue",
    ),
    (
        "producer-consumer",
        "producer-consumer",
        "linearizability check",
    ),
    (
        "producer-consumer",
        "crossbeam",
        "queue 1->1 bounded 1024: crossbeam",
    ),
    ("producer-consumer", "crossbeam", "our Queue over crossbeam"),
    ("coroutines", "fancy-name", "generator send"),
    ("coroutines", "priming", "generator life"),
    ("asyncio", "concurrent-sleeps", "10,000 concurrent sleeps"),
    ("asyncio", "echo-server", "echo round trips"),
    ("asyncio", "gather", "async task spawn+join"),
    ("asyncio", "queue", "async queue"),
    ("distributed", "stream-queue", "Redis stream"),
];

/// A report's table: where it came from, its header cells and its rows' cells.
pub struct Report {
    /// The file it was read from, relative to the workspace root.
    pub source: String,
    /// The header's cells.
    pub header: Vec<String>,
    /// Every row's cells.
    pub rows: Vec<Vec<String>>,
}

/// The last report, if there is one.
pub fn last_report() -> Option<Report> {
    let candidates: [PathBuf; 2] = [
        paths::target_dir().join("bench/report.md"),
        paths::root().join("docs/bench/report.md"),
    ];
    candidates.iter().find_map(|p| read(p))
}

fn read(path: &Path) -> Option<Report> {
    let text = std::fs::read_to_string(path).ok()?;
    let source = path
        .strip_prefix(paths::root())
        .unwrap_or(path)
        .display()
        .to_string();
    parse(&text, source)
}

/// The first table of a markdown report: its header, and its rows (the separator skipped).
pub fn parse(text: &str, source: String) -> Option<Report> {
    let cells = |l: &str| -> Vec<String> {
        let inner = l.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split('|').map(|c| c.trim().to_owned()).collect()
    };
    let mut table = text
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'));
    let header = cells(table.next()?);
    let rows = table
        .filter(|l| !l.starts_with("|---"))
        .map(cells)
        .collect();
    Some(Report {
        source,
        header,
        rows,
    })
}

impl Report {
    /// The rows that measure what `lesson`'s `cell` shows.
    pub fn rows_for(&self, lesson: &str, cell: &str) -> Vec<&Vec<String>> {
        let prefixes: Vec<&str> = ROWS
            .iter()
            .filter(|(l, c, _)| *l == lesson && *c == cell)
            .map(|(_, _, p)| *p)
            .collect();
        self.rows
            .iter()
            .filter(|r| {
                r.first()
                    .is_some_and(|label| prefixes.iter().any(|p| label.starts_with(p)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "# bench\n\nsome prose\n\n\
        | measure | unit | Rust | spread |\n|---|---|---:|---|\n\
        | generator send | ns | 7.74 [7.65–7.88] | |\n\
        | generator life (create) | ns | 76 [73–113] | *noise* |\n\
        | queue 1->1 bounded 1024: our Queue | ops/s | 18M | |\n\n\
        | workers | x |\n|---|---|\n| 1 | 0.98 |\n";

    #[test]
    fn rows_are_found_by_their_cell_and_the_second_table_is_left_alone() {
        let r = parse(REPORT, "r.md".into()).unwrap();
        assert_eq!(r.header, ["measure", "unit", "Rust", "spread"]);
        assert_eq!(r.rows.len(), 3);
        let send = r.rows_for("coroutines", "fancy-name");
        assert_eq!(send.len(), 1);
        assert_eq!(send[0][2], "7.74 [7.65–7.88]");
        assert!(r.rows_for("coroutines", "pipeline").is_empty());
    }

    #[test]
    fn every_row_names_a_real_cell() {
        for (lesson, cell, _) in ROWS {
            let demo = crate::demos::find(lesson).expect(lesson);
            assert!(
                (demo.spec)().cells.iter().any(|c| c == cell),
                "{lesson} has no cell {cell}"
            );
        }
    }
}
