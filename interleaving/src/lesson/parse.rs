//! Parsing a demo's flags with the lesson's own help: its summary first, the lesson flags and
//! the knobs in two groups, its cells last; and a `--cell` that names no cell refused like any
//! other bad flag (exit 2), before anything runs.

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::{Args, Command, CommandFactory, FromArgMatches, Parser};

use super::{Lesson, LessonArgs};

impl<C: ?Sized> Lesson<'_, C> {
    /// The demo's clap command `A` with this lesson's help: the lesson's name (`A` may be the
    /// shared [`LessonCli`](super::LessonCli), named after `interleaving`), the intro as its
    /// summary (not the crate's Cargo description) and the cells after the flags.
    pub fn command<A: CommandFactory>(&self) -> Command {
        A::command()
            .name(self.name)
            .about(self.intro)
            .long_about(None)
            .after_help(self.cells_help())
    }

    /// Parses the command line into `A`, exiting as clap does on a bad flag or `--help`, but
    /// never panicking when stdout or stderr cannot be written ([`crate::cli::exit_on`]).
    pub fn parse<A: Parser>(&self) -> A {
        self.try_parse_from(std::env::args_os())
            .unwrap_or_else(|e| crate::cli::exit_on(e))
    }

    /// [`Lesson::parse`] on these arguments (the first is the program's name).
    ///
    /// ```
    /// use clap::Parser;
    /// use interleaving::{Cell, Lesson, LessonArgs};
    /// #[derive(Parser)]
    /// struct Args {
    ///     #[command(flatten)]
    ///     lesson: LessonArgs,
    /// }
    /// const DEMO: Lesson<'static, ()> = Lesson {
    ///     name: "demo",
    ///     intro: "A demo lesson.",
    ///     cells: &[Cell { name: "only", notebook: "new", title: "t", about: "a", run: |_| Ok(()) }],
    /// };
    /// let args: Args = DEMO.try_parse_from(["demo", "--cell", "only"]).unwrap();
    /// assert_eq!(args.lesson.cell.as_deref(), Some("only"));
    /// let err = DEMO.try_parse_from::<Args>(["demo", "--cell", "-1"]).err().unwrap();
    /// assert_eq!(err.exit_code(), 2);
    /// assert!(err.to_string().contains("cells 1 to 1"), "{err}");
    /// ```
    pub fn try_parse_from<A: Parser>(
        &self,
        args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    ) -> Result<A, clap::Error> {
        let mut cmd = self.command::<A>();
        let matches = cmd.try_get_matches_from_mut(args)?;
        if let Ok(Some(want)) = matches.try_get_one::<String>("cell")
            && let Err(e) = self.find(want)
        {
            return Err(cmd.error(ErrorKind::InvalidValue, e.0));
        }
        A::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
    }

    /// The cells, one line each, for the end of `--help`.
    fn cells_help(&self) -> String {
        let width = self.cells.iter().map(|c| c.name.len()).max().unwrap_or(0);
        let mut out = String::from("Cells (--cell N|NAME; --list also gives each one's file):\n");
        for (i, c) in self.cells.iter().enumerate() {
            out.push_str(&format!(
                "  {:>2}  {:<width$}  {}\n",
                i + 1,
                c.name,
                c.title
            ));
        }
        out
    }
}

/// A demo's knobs as they are when no flag is given: clap's `default_value_t`s are where each
/// default is written, once, and `impl Default for Knobs` calls this.
///
/// ```
/// #[derive(clap::Args)]
/// struct Knobs {
///     #[arg(long, default_value_t = 20)]
///     lines: u64,
/// }
/// let k: Knobs = interleaving::lesson::knob_defaults();
/// assert_eq!(k.lines, 20);
/// ```
///
/// # Panics
///
/// If a default does not pass its own knob's parser: a bug that any test calling
/// `Knobs::default()` shows at once.
pub fn knob_defaults<K: Args + FromArgMatches>() -> K {
    // The lesson flags are there too, for knobs that conflict with `--cell` or `--list`.
    let cmd = LessonArgs::augment_args(K::augment_args(Command::new("knobs")));
    cmd.try_get_matches_from(["knobs"])
        .and_then(|m| K::from_arg_matches(&m))
        .unwrap_or_else(|e| panic!("a knob's default does not parse: {e}"))
}
