//! The broker host's `redis-server`: listening on the broker's end of every cable and on a
//! Unix socket for this process, in a directory that outlives a SIGKILL of the server (so a
//! restart finds what it wrote), removed with the hosts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Hosts, HostsError, PORT, ip};
use crate::cleanup;
use crate::server::PROGRAM;

/// The socket's file name in the server's directory.
const SOCKET: &str = "redis.sock";

impl Hosts {
    /// Starts `redis-server` in the broker's namespace with `persistence` (its own flags,
    /// `["--appendonly", "yes", "--appendfsync", "always"]`; none: no persistence), and waits
    /// until it answers `PING`. Started again after [`Hosts::kill_server`], it uses the same
    /// directory, so it loads what the killed one left on disk.
    pub fn start_server(&mut self, persistence: &[&str]) -> Result<(), HostsError> {
        self.spawn_server(persistence, PORT)
    }

    /// As [`Hosts::start_server`], with the hosts' door shut: the server listens on its Unix
    /// socket only (`--port 0`), so this process can look at what it kept before any worker
    /// reaches it and changes it. [`Hosts::open_server`] opens the door.
    pub fn start_server_closed(&mut self, persistence: &[&str]) -> Result<(), HostsError> {
        self.spawn_server(persistence, 0)
    }

    /// Opens a server started with [`Hosts::start_server_closed`] to the hosts: `CONFIG SET
    /// port` (Redis 7 changes its listener at run time).
    pub fn open_server(&mut self) -> Result<(), HostsError> {
        let url = self.local_url()?;
        let ns = self.broker.clone();
        let fail = |why: String| HostsError::Server {
            ns: ns.clone(),
            why,
        };
        let mut conn = crate::broker::connect(&url).map_err(|e| fail(e.to_string()))?;
        redis::cmd("CONFIG")
            .arg("SET")
            .arg("port")
            .arg(PORT)
            .query::<()>(&mut conn)
            .map_err(|e| fail(format!("CONFIG SET port {PORT}: {e}")))
    }

    fn spawn_server(&mut self, persistence: &[&str], port: u16) -> Result<(), HostsError> {
        let ns = self.broker.clone();
        let fail = |why: String| HostsError::Server {
            ns: ns.clone(),
            why,
        };
        if self.server.is_some() {
            return Err(fail("it is already running".into()));
        }
        if !crate::server::available() {
            return Err(fail(crate::server::MISSING.into()));
        }
        let dir = self.dir()?.to_owned();
        let binds: Vec<String> = self
            .hosts
            .iter()
            .map(|h| h.broker_addr.to_string())
            .collect();
        let mut cmd = Command::new(ip::PROGRAM);
        cmd.args(["netns", "exec", &self.broker, PROGRAM])
            .arg("--bind")
            .args(&binds)
            .args(["--port", &port.to_string()])
            .arg("--unixsocket")
            .arg(dir.join(SOCKET))
            .args(["--unixsocketperm", "700", "--daemonize", "no"])
            // Protected mode refuses every client not on a loopback, and our workers are on
            // other hosts by design; the only addresses the broker's namespace has are the
            // broker ends of our own cables, so nobody else can connect.
            .args(["--protected-mode", "no"])
            // A blocked read's timeout fires when the event loop wakes: as the lesson's own
            // server (`server.rs`), 10 ms at worst instead of 100.
            .args(["--hz", "100"]);
        if persistence.is_empty() {
            cmd.args(["--save", "", "--appendonly", "no"]);
        } else {
            cmd.args(persistence);
        }
        cmd.arg("--dir")
            .arg(&dir)
            .arg("--logfile")
            .arg(dir.join("redis.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // `ip netns exec` execs the server: the child's pid is the server's, and the
        // parent-death signal set here survives both execs.
        let child = crate::process::die_with_parent(crate::process::own_group(&mut cmd))
            .spawn()
            .map_err(|e| fail(format!("running ip netns exec: {e}")))?;
        cleanup::own_process(child.id(), PROGRAM);
        self.server = Some(child);
        self.wait_for_ping(&dir)
    }

    /// Polls with `PING` over the socket until the server answers, exits, or 10 s pass.
    fn wait_for_ping(&mut self, dir: &Path) -> Result<(), HostsError> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let url = self.local_url()?;
        loop {
            let exited = match &mut self.server {
                Some(c) => c.try_wait().ok().flatten(),
                None => None,
            };
            if let Some(status) = exited {
                self.server = None;
                let log = std::fs::read_to_string(dir.join("redis.log")).unwrap_or_default();
                let last = log.lines().last().unwrap_or("").to_owned();
                return Err(HostsError::Server {
                    ns: self.broker.clone(),
                    why: format!("{PROGRAM} exited ({status}): {last}"),
                });
            }
            if crate::server::ping(&url).is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(HostsError::Server {
                    ns: self.broker.clone(),
                    why: "no answer to PING within 10 s".into(),
                });
            }
            // Polling a server that is starting: the only wait here, and it orders nothing.
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Kills the server with SIGKILL (no handler runs, nothing more is written) and reaps it.
    /// What it had handed to the kernel is in its files; what it had not is gone.
    pub fn kill_server(&mut self) -> Result<(), HostsError> {
        let Some(mut child) = self.server.take() else {
            return Err(HostsError::Server {
                ns: self.broker.clone(),
                why: "no server to kill".into(),
            });
        };
        let _ = child.kill();
        let _ = child.wait();
        cleanup::disown_process(child.id());
        Ok(())
    }

    /// Stops the server if it runs (drop's first step).
    pub(super) fn stop_server(&mut self) {
        if self.server.is_some() {
            let _ = self.kill_server();
        }
    }

    /// The server's pid, while it runs.
    pub fn server_pid(&self) -> Option<u32> {
        self.server.as_ref().map(|c| c.id())
    }

    /// `redis+unix:///DIR/redis.sock`: how this process, in its own namespace, reaches the
    /// server (no address of ours in any network).
    pub fn local_url(&mut self) -> Result<String, HostsError> {
        Ok(format!(
            "redis+unix://{}",
            self.dir()?.join(SOCKET).display()
        ))
    }

    /// The server's directory (its files, its socket), made on first use.
    pub fn dir(&mut self) -> Result<&Path, HostsError> {
        if self.dir.is_none() {
            crate::leftovers::sweep(&std::env::temp_dir());
            let dir = tempfile::Builder::new()
                .prefix(crate::leftovers::PREFIX)
                .tempdir()
                .map_err(|e| HostsError::Server {
                    ns: self.broker.clone(),
                    why: format!("making a temporary directory: {e}"),
                })?;
            cleanup::own_dir(dir.path().to_owned());
            crate::leftovers::mark(dir.path()).map_err(|e| HostsError::Server {
                ns: self.broker.clone(),
                why: format!("writing {}: {e}", dir.path().display()),
            })?;
            self.dir = Some(dir);
        }
        Ok(self.dir.as_ref().map(|d| d.path()).unwrap_or(Path::new("")))
    }

    /// The path of the server's directory, if made.
    pub fn dir_path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.path().to_owned())
    }
}
