//! Worker processes: this very binary, started again with `--role worker`, the way
//! `multiprocessing`'s "spawn" start method runs a fresh interpreter for each child.
//!
//! Each worker runs in a process group of its own: the terminal's Ctrl-C (a SIGINT to the
//! foreground group) then reaches the lesson alone, and the lesson stops its workers itself
//! (see [`crate::cleanup`]), instead of racing them to report their own deaths.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;

use anyhow::{Context, bail};
use interleaving::emit::{self, Mode};
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

/// Puts `cmd`'s process in a new process group of its own, out of reach of the terminal's
/// Ctrl-C: only the process that started it decides when it stops.
pub fn own_group(cmd: &mut Command) -> &mut Command {
    cmd.process_group(0)
}

/// A worker process this run started, killed and reaped when dropped unless joined.
#[derive(Debug)]
pub struct Worker {
    name: String,
    child: Option<Child>,
    /// In text mode, the threads that pass the worker's output on (see [`forward`]).
    forwarders: Vec<JoinHandle<()>>,
}

impl Worker {
    /// Starts `exe --role worker ARGS...` as `name`, in a process group of its own. With
    /// `--trace` its stdout is ours, so its trace lines join ours as it writes them; in text
    /// mode its output passes through us, so it goes around our progress line. Records
    /// `start` as `main`.
    pub fn start(
        main: &Actor,
        exe: &std::path::Path,
        name: &str,
        args: &[String],
    ) -> anyhow::Result<Self> {
        Self::start_via(main, None, exe, name, args)
    }

    /// As [`Worker::start`], with `exe` run by a wrapper that execs it (`ip netns exec NS`,
    /// to run it on another host, see [`crate::hosts`]): `(program, its arguments)`.
    pub fn start_via(
        main: &Actor,
        via: Option<(&std::path::Path, &[std::ffi::OsString])>,
        exe: &std::path::Path,
        name: &str,
        args: &[String],
    ) -> anyhow::Result<Self> {
        let mut cmd = match via {
            Some((program, words)) => {
                let mut c = Command::new(program);
                c.args(words).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        cmd.args(["--role", "worker", "--name", name])
            .args(args)
            .stdin(Stdio::null());
        let text = emit::mode() == Mode::Text;
        if text {
            cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        }
        // `start` goes out before the spawn: the child may write its first event before this
        // process gets to write anything, and a restarted worker's events must follow its
        // `start` (the rule that a joined actor is finished until started again).
        main.emit(k::START, name);
        let mut child = die_with_parent(own_group(&mut cmd))
            .spawn()
            .with_context(|| format!("starting worker {name} ({})", exe.display()))?;
        cleanup::own_process(child.id(), name);
        let mut forwarders = Vec::new();
        if let Some(out) = child.stdout.take() {
            forwarders.push(forward(out, emit::write_raw));
        }
        if let Some(err) = child.stderr.take() {
            forwarders.push(forward(err, write_stderr));
        }
        Ok(Worker {
            name: name.to_owned(),
            child: Some(child),
            forwarders,
        })
    }

    /// The worker's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(|c| c.id())
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
        self.flush();
        status
    }

    /// Waits until everything the (ended) worker wrote has been passed on, so none of it
    /// comes after what we write next.
    fn flush(&mut self) {
        for f in self.forwarders.drain(..) {
            let _ = f.join();
        }
    }

    /// Waits for the worker (`Process.join()`); an error if it did not exit with 0.
    /// Records `join`.
    pub fn join(mut self, main: &Actor) -> anyhow::Result<()> {
        let status = self.wait()?;
        if let Some(sig) = status.signal() {
            // Killed: it printed nothing, so say by what.
            let name = nix::sys::signal::Signal::try_from(sig).map_or("?", |s| s.as_str());
            bail!("{} was killed by signal {sig} ({name})", self.name);
        }
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
        if cleanup::interrupted() {
            // The interrupt thread kills, reaps and names it: killed here first, the one line
            // a Ctrl-C prints would say it stopped nothing.
            return;
        }
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            cleanup::disown_process(child.id());
        }
        self.flush();
    }
}

/// Passes what a worker writes on `pipe` to `write`, a line at a time, until the worker ends
/// (the pipe's end of file). One line, one call: our progress line is taken down around it.
fn forward(pipe: impl std::io::Read + Send + 'static, write: fn(&[u8])) -> JoinHandle<()> {
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut reader = std::io::BufReader::new(pipe);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => write(&line),
            }
        }
    })
}

/// Writes a worker's error output to our stderr, around our progress line.
fn write_stderr(bytes: &[u8]) {
    use std::io::Write;
    interleaving::progress::around_output(|| {
        let _ = std::io::stderr().write_all(bytes);
    });
}
