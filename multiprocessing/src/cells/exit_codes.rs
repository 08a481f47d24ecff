//! How a child ended, as Python's `Process.exitcode` reports it.

use std::time::Duration;

use anyhow::Context;
use interleaving::Actor;

use super::Knobs;
use crate::Process;

fn wait_forever() {
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Python: 0 when the target returns, 1 when it raises (the traceback goes to stderr),
/// N after `sys.exit(N)`, and `-N` when signal N ended it: `terminate()` sends SIGTERM (-15),
/// `kill()` SIGKILL (-9). Rust: the same numbers, with a panic in place of an exception.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = Actor::new("main");
    let mut procs = vec![
        Process::new("returns", || {}),
        Process::new("panics", || panic!("ValueError: this child gives up")),
        Process::new("exits-8", || std::process::exit(8)),
        Process::new("terminated", wait_forever),
        Process::new("killed", wait_forever),
    ];
    for p in &mut procs {
        p.start()
            .with_context(|| format!("starting {}", p.name()))?;
    }
    // Signals are blocked in a child until it is ready for them, so these cannot be lost,
    // however early they arrive.
    procs[3].terminate()?;
    procs[4].kill()?;
    for p in &mut procs {
        p.join().with_context(|| format!("joining {}", p.name()))?;
        let code = p.exitcode().unwrap_or(i32::MIN);
        main.print(format!("{}: exitcode={code}", p.name()));
    }
    Ok(())
}
