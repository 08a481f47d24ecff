//! `--watch`: judge once, then again every time the file is saved, until Ctrl-C. Editors
//! save by writing the file or by replacing it, so the watch is on its folder, filtered to
//! its name; saves that come in a burst are judged once.

use std::path::PathBuf;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use anyhow::Context;
use notify::{RecursiveMode, Watcher};

use super::{Request, once_watched};
use crate::{paths, say};

/// How long a burst of saves may last before the file is judged.
const SETTLE: Duration = Duration::from_millis(300);

/// Judges, then judges again on every save of the file. Returns only on error (or Ctrl-C,
/// which ends the process).
pub fn watch(exercise: &'static exercises::Exercise, req: &Request) -> anyhow::Result<bool> {
    let file: PathBuf = match &req.file {
        Some(f) => f.clone(),
        None => paths::root().join(req.which.file(exercise)),
    };
    let file = file
        .canonicalize()
        .with_context(|| format!("finding {}", file.display()))?;
    let dir = file.parent().context("the file has a folder")?.to_owned();
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx).context("starting the file watcher")?;
    watcher
        .watch(&dir, RecursiveMode::NonRecursive)
        .with_context(|| format!("watching {}", dir.display()))?;
    loop {
        once_watched(exercise, req);
        say(&format!(
            "\nWatching {} (Ctrl-C to stop): save it to judge again.\n",
            file.display()
        ));
        // Until an event about the file, then until the burst of events settles.
        loop {
            let event: notify::Result<notify::Event> =
                rx.recv().context("the file watcher stopped")?;
            if event.is_ok_and(|e| e.paths.iter().any(|p| p.file_name() == file.file_name())) {
                break;
            }
        }
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the file watcher stopped"),
            }
        }
        say(&format!(
            "\n{} changed: judging it again.\n",
            file.display()
        ));
    }
}
