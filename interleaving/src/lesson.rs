//! The narrator every demo binary shares: cells in the notebook's order, each with a heading
//! and a few words of its own, then the program's real output (SPEC section 2).

mod command_line;
mod parse;

pub use command_line::LessonCli;
pub use parse::knob_defaults;

use crate::cli::UsageError;
use crate::emit::{self, Mode};
use crate::event::kinds;
use crate::progress;
use crate::spec::LessonSpec;

/// One cell of a lesson: what it shows, and the code that shows it. Its source file is derived
/// from its name ([`Lesson::file`]), so the two cannot drift apart.
pub struct Cell<C: ?Sized> {
    /// Short kebab-case name, also the `cell` event's value in a trace: `square-cube`, and
    /// its file's name: `src/cells/square_cube.rs`.
    pub name: &'static str,
    /// Where it comes from in the notebook: `In [7]-[12]`, or `new` for cells of our own.
    pub notebook: &'static str,
    /// One line: what the cell shows.
    pub title: &'static str,
    /// One or two sentences of narration, shown before the output.
    pub about: &'static str,
    /// The cell's code. It reports through [`Actor`](crate::Actor)s, so both modes see the same events.
    pub run: fn(&C) -> anyhow::Result<()>,
}

/// The flags every demo has: `--trace`, `--cell N|NAME`, `--list`. Flatten it into the demo's
/// own clap `Parser` next to its knobs (whose struct says `#[command(next_help_heading =
/// "Knobs")]`), and parse with [`Lesson::parse`]: `--help` then shows the two groups apart.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Lesson flags")]
pub struct LessonArgs {
    /// Print the events as JSON Lines (one per line) instead of prose.
    #[arg(long)]
    pub trace: bool,
    /// Run only this cell (its number from --list, or its name).
    #[arg(long, value_name = "N|NAME", allow_hyphen_values = true)]
    pub cell: Option<String>,
    /// List the cells (number, name, notebook cell, file, title) and exit.
    #[arg(long, conflicts_with_all = ["cell", "trace"])]
    pub list: bool,
}

/// Where the cell named `cell` of the lesson `lesson` lives, from the workspace root: the
/// crate is the lesson, the file the cell's name in snake case.
///
/// ```
/// assert_eq!(
///     interleaving::lesson::cell_file("producer-consumer", "task-done-join"),
///     "producer-consumer/src/cells/task_done_join.rs"
/// );
/// ```
pub fn cell_file(lesson: &str, cell: &str) -> String {
    format!("{lesson}/src/cells/{}.rs", cell.replace('-', "_"))
}

/// A lesson: its name and its cells, in the notebook's order.
pub struct Lesson<'a, C: ?Sized> {
    /// The demo's name (`threading`).
    pub name: &'static str,
    /// One line about the whole lesson, shown first in text mode.
    pub intro: &'static str,
    /// The cells.
    pub cells: &'a [Cell<C>],
}

impl<C: ?Sized> Lesson<'_, C> {
    /// Runs what the flags ask for: the list, one cell, or every cell in order.
    pub fn run(&self, args: &LessonArgs, ctx: &C) -> anyhow::Result<()> {
        emit::set_mode(if args.trace { Mode::Trace } else { Mode::Text });
        if args.list {
            emit::write_raw(self.listing().as_bytes());
            return Ok(());
        }
        let chosen: Vec<(usize, &Cell<C>)> = match &args.cell {
            None => self.cells.iter().enumerate().collect(),
            Some(want) => vec![self.find(want)?],
        };
        if chosen.len() > 1 {
            emit::narrate(self.intro);
        }
        // The first event names the lesson and the last says the run ended: a trace that is
        // empty, foreign, cut short or two runs glued together cannot pass for one run.
        let lesson = emit::lesson_actor();
        lesson.emit(kinds::LESSON, self.name);
        for (i, cell) in chosen {
            if emit::stdout_closed() {
                break;
            }
            lesson.emit(kinds::CELL, cell.name);
            if emit::mode() == Mode::Text {
                let head = format!(
                    "\n━━ {}/{} {} · notebook {} · {} ━━ {}\n",
                    i + 1,
                    self.cells.len(),
                    cell.name,
                    cell.notebook,
                    self.file(cell),
                    cell.title
                );
                emit::write_raw(head.as_bytes());
                emit::narrate(cell.about);
            }
            let label = format!("cell {}/{} {}", i + 1, self.cells.len(), cell.name);
            let _progress = progress::watch(label, self.file(cell));
            (cell.run)(ctx).map_err(|e| e.context(format!("cell {} ({})", i + 1, cell.name)))?;
        }
        lesson.emit(kinds::END, self.name);
        Ok(())
    }

    /// The file `cell` lives in, from the workspace root (see [`cell_file`]).
    pub fn file(&self, cell: &Cell<C>) -> String {
        cell_file(self.name, cell.name)
    }

    /// One line per cell: its number, name, notebook cell, file and title (`--list`).
    pub fn listing(&self) -> String {
        let files: Vec<String> = self.cells.iter().map(|c| self.file(c)).collect();
        let name_w = self.cells.iter().map(|c| c.name.len()).max().unwrap_or(0);
        let file_w = files.iter().map(String::len).max().unwrap_or(0);
        let mut out = String::new();
        for (i, (c, file)) in self.cells.iter().zip(&files).enumerate() {
            out.push_str(&format!(
                "{:>2}  {:<name_w$}  {:<14} {:<file_w$}  {}\n",
                i + 1,
                c.name,
                c.notebook,
                file,
                c.title
            ));
        }
        out
    }

    /// What the checker must know of this lesson: its name and its cells, in order.
    pub fn spec(&self) -> LessonSpec {
        LessonSpec::new(self.name, self.cells.iter().map(|c| c.name))
    }

    /// The cell named `want`, by 1-based number or by name.
    pub fn find(&self, want: &str) -> Result<(usize, &Cell<C>), UsageError> {
        let by_number = want
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.cells.get(i).map(|c| (i, c)));
        by_number
            .or_else(|| self.cells.iter().enumerate().find(|(_, c)| c.name == want))
            .ok_or_else(|| {
                let names: Vec<String> = self
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{} {}", i + 1, c.name))
                    .collect();
                UsageError(format!(
                    "invalid value '{want}' for '--cell <N|NAME>': the {} lesson has cells \
                     1 to {} (see --list): {}",
                    self.name,
                    self.cells.len(),
                    names.join(", ")
                ))
            })
    }
}
