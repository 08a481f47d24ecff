//! A lesson's cells as its own binary lists them (`--list`): number, name, notebook cell,
//! file and title, so the page's headings are the ones the terminal shows.

use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::paths;
use crate::runner::{Ended, run_once};

/// One cell as `--list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its name (`torn-lines`).
    pub name: String,
    /// Where it comes from in the notebook (`In [7]-[12]`, `new`).
    pub notebook: String,
    /// Its file, from the workspace root.
    pub file: String,
    /// What it shows, in one line.
    pub title: String,
}

/// The cells of the demo `name`, from its release binary's `--list`.
pub fn cells(name: &str) -> anyhow::Result<Vec<Listed>> {
    let mut cmd = Command::new(paths::release_bin(name));
    cmd.arg("--list");
    let run = run_once(&mut cmd, Duration::from_secs(30))
        .with_context(|| format!("running {name} --list"))?;
    match run.ended {
        Ended::Exited {
            code: Some(0),
            stdout,
            ..
        } => Ok(parse(&stdout)),
        Ended::Exited { code, stderr, .. } => bail!("{name} --list failed ({code:?}): {stderr}"),
        Ended::Hung { .. } => bail!("{name} --list hung"),
    }
}

/// Parses `--list`'s lines: ` 2  torn-lines  In [7]-[12]  threading/src/cells/x.rs  Title`.
/// The notebook column may hold spaces; the file is the word ending in `.rs`.
pub fn parse(text: &str) -> Vec<Listed> {
    text.lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let file_at = words.iter().position(|w| w.ends_with(".rs"))?;
            (file_at >= 2).then(|| Listed {
                name: words[1].to_owned(),
                notebook: words[2..file_at].join(" "),
                file: words[file_at].to_owned(),
                title: words[file_at + 1..].join(" "),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notebook_column_may_hold_spaces() {
        let got = parse(
            " 1  square-cube  In [7]-[12]    threading/src/cells/square_cube.rs  Two threads, one line\n\
             12  rlock        new            threading/src/cells/rlock.rs        RLock\n",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].notebook, "In [7]-[12]");
        assert_eq!(got[0].title, "Two threads, one line");
        assert_eq!(got[1].file, "threading/src/cells/rlock.rs");
    }
}
