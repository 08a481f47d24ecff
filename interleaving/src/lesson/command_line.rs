//! A lesson binary's command line, written once: the flags every lesson has, then its knobs.

use std::process::ExitCode;

use clap::{Args, FromArgMatches, Parser};

use super::{Lesson, LessonArgs};

/// What a lesson binary parses: [`LessonArgs`] (`--trace`, `--cell`, `--list`) and the lesson's
/// own knobs `K`. A main with nothing more to do calls [`Lesson::main`]; one that reads a knob
/// itself (asyncio's `--serve`) parses this with [`Lesson::parse`]. The `--version` shown is
/// this crate's, which every crate of the workspace shares (0.1.0).
///
/// ```
/// use interleaving::{Cell, Lesson, LessonCli};
/// #[derive(clap::Args)]
/// struct Knobs {
///     /// How many lines.
///     #[arg(long, default_value_t = 3)]
///     lines: u64,
/// }
/// const DEMO: Lesson<'static, Knobs> = Lesson {
///     name: "demo",
///     intro: "A demo lesson.",
///     cells: &[Cell { name: "only", notebook: "new", title: "t", about: "a", run: |_| Ok(()) }],
/// };
/// let cli: LessonCli<Knobs> = DEMO.try_parse_from(["demo", "--lines", "5", "--trace"]).unwrap();
/// assert!(cli.lesson.trace);
/// assert_eq!(cli.knobs.lines, 5);
/// ```
#[derive(Debug, Parser)]
#[command(version)]
pub struct LessonCli<K: Args> {
    /// The flags every lesson has.
    #[command(flatten)]
    pub lesson: LessonArgs,
    /// The lesson's knobs.
    #[command(flatten)]
    pub knobs: K,
}

impl<K: Args + FromArgMatches> Lesson<'_, K> {
    /// The whole `main` of a lesson whose cells take its knobs: parse the command line (exit 2
    /// on a bad flag), run what it asks for, and turn the outcome into the exit code
    /// ([`crate::cli::exit_code`]: 0, or 1 with the error on stderr).
    pub fn main(&self) -> ExitCode {
        let cli = self.parse::<LessonCli<K>>();
        crate::cli::exit_code(self.run(&cli.lesson, &cli.knobs))
    }
}
