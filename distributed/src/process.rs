//! Worker processes: this very binary, started again with `--role worker`, the way
//! `multiprocessing`'s "spawn" start method runs a fresh interpreter for each child.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};

use anyhow::{Context, bail};
use interleaving::{Actor, kinds as k};

use crate::cleanup;
use crate::kinds;

/// Makes `cmd`'s process die with SIGKILL if we die first (even by SIGKILL, which runs no
/// cleanup of ours): nothing we start can outlive us.
pub fn die_with_parent(cmd: &mut Command) -> &mut Command {
    // Safety: the closure runs between fork and exec and only calls prctl(2), which is
    // async-signal-safe; it touches no memory shared with the parent.
    unsafe {
        cmd.pre_exec(|| {
            nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL)
                .map_err(std::io::Error::from)
        })
    }
}

/// A worker process this run started, killed and reaped when dropped unless joined.
#[derive(Debug)]
pub struct Worker {
    name: String,
    child: Option<Child>,
}

impl Worker {
    /// Starts `exe --role worker ARGS...` as `name`; its stdout is ours, so its trace lines
    /// join ours. Records `start` as `main`.
    pub fn start(
        main: &Actor,
        exe: &std::path::Path,
        name: &str,
        args: &[String],
    ) -> anyhow::Result<Self> {
        let mut cmd = Command::new(exe);
        cmd.args(["--role", "worker", "--name", name])
            .args(args)
            .stdin(Stdio::null());
        let child = die_with_parent(&mut cmd)
            .spawn()
            .with_context(|| format!("starting worker {name} ({})", exe.display()))?;
        cleanup::own_process(child.id(), name);
        main.emit(k::START, name);
        Ok(Worker {
            name: name.to_owned(),
            child: Some(child),
        })
    }

    /// The worker's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn wait(&mut self) -> anyhow::Result<ExitStatus> {
        let Some(mut child) = self.child.take() else {
            bail!("worker {} was already waited for", self.name);
        };
        let status = child
            .wait()
            .with_context(|| format!("waiting for {}", self.name));
        cleanup::disown_process(child.id());
        status
    }

    /// Waits for the worker (`Process.join()`); an error if it did not exit with 0.
    /// Records `join`.
    pub fn join(mut self, main: &Actor) -> anyhow::Result<()> {
        let status = self.wait()?;
        if !status.success() {
            bail!("{} ended with {status} (its error is above)", self.name);
        }
        main.emit(k::JOIN, self.name.as_str());
        Ok(())
    }

    /// Kills the worker with a real SIGKILL (a machine losing power: no handler runs, no
    /// acknowledgement is sent) and reaps it. Records `kill`.
    pub fn kill(mut self, main: &Actor) -> anyhow::Result<()> {
        if let Some(child) = &mut self.child {
            child
                .kill()
                .with_context(|| format!("killing {}", self.name))?;
        }
        let status = self.wait()?;
        if status.signal() != Some(nix::sys::signal::Signal::SIGKILL as i32) {
            bail!(
                "{} was to die by SIGKILL but ended with {status}",
                self.name
            );
        }
        main.emit(kinds::KILL, self.name.as_str());
        Ok(())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            cleanup::disown_process(child.id());
        }
    }
}
