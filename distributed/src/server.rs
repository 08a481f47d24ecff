//! A real `redis-server` of our own: on a free 127.0.0.1 port, in a temporary directory, with
//! no persistence, stopped and removed when dropped (or on Ctrl-C, see [`crate::cleanup`]).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cleanup;
use crate::error::BrokerError;

/// The program we start, looked up on `PATH`.
pub const PROGRAM: &str = "redis-server";

/// The one line said when `redis-server` is missing and no `--redis URL` was given.
pub const MISSING: &str = "redis-server not found on PATH: install it (Debian/Ubuntu: \
                           `sudo apt-get install -y redis-server`) or pass --redis redis://HOST:PORT";

/// A `redis-server` process this program started and owns.
///
/// ```no_run
/// let server = distributed::EmbeddedServer::start()?;
/// let broker = distributed::Broker::connect(server.url(), "lab:doc")?;
/// # Ok::<(), anyhow::Error>(())
/// ```
#[derive(Debug)]
pub struct EmbeddedServer {
    child: Child,
    url: String,
    dir: Option<tempfile::TempDir>,
}

/// Whether `redis-server` can be found on `PATH`.
pub fn available() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(PROGRAM).is_file()))
}

impl EmbeddedServer {
    /// Starts `redis-server` on a free port and waits until it answers `PING`.
    pub fn start() -> Result<Self, BrokerError> {
        if !available() {
            return Err(BrokerError::NoServer);
        }
        // Another program may take the free port between our probe and the server's bind:
        // try a few ports before giving up.
        let mut last = None;
        for _ in 0..5 {
            match Self::start_once() {
                Ok(s) => return Ok(s),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or(BrokerError::NoServer))
    }

    fn start_once() -> Result<Self, BrokerError> {
        let port = free_port()?;
        crate::leftovers::sweep(&std::env::temp_dir());
        let dir = tempfile::Builder::new()
            .prefix(crate::leftovers::PREFIX)
            .tempdir()
            .map_err(|e| BrokerError::Start(format!("making a temporary directory: {e}")))?;
        cleanup::own_dir(dir.path().to_owned());
        crate::leftovers::mark(dir.path())
            .map_err(|e| BrokerError::Start(format!("writing {}: {e}", dir.path().display())))?;
        let log = dir.path().join("redis.log");
        let mut cmd = Command::new(PROGRAM);
        cmd.args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            // No persistence: no RDB snapshot, no append-only file, nothing outlives the run.
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            // A blocked read's timeout (`XREADGROUP ... BLOCK`) fires only when the server's
            // event loop wakes, at worst every 1/hz s: at the default 10, a worker that asked
            // for 20 ms once the stream went quiet waited 0 to 100 ms (50 on average), and
            // every run ended with that wait. 100 bounds it by 10 ms (`--batch` bench).
            .args(["--hz", "100"])
            .arg("--dir")
            .arg(dir.path())
            .arg("--logfile")
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, as the workers: the terminal's Ctrl-C reaches the lesson
        // only, which stops the server after the workers that use it.
        let child = crate::process::die_with_parent(crate::process::own_group(&mut cmd))
            .spawn()
            .map_err(|e| BrokerError::Start(format!("running {PROGRAM}: {e}")))?;
        cleanup::own_process(child.id(), PROGRAM);
        let mut server = EmbeddedServer {
            child,
            url: format!("redis://127.0.0.1:{port}/"),
            dir: Some(dir),
        };
        server.wait_for_ping(&log)?;
        Ok(server)
    }

    /// Polls with `PING` until the server answers, it exits, or 10 s pass.
    fn wait_for_ping(&mut self, log: &Path) -> Result<(), BrokerError> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                let tail = std::fs::read_to_string(log).unwrap_or_default();
                let last = tail.lines().last().unwrap_or("").to_owned();
                return Err(BrokerError::Start(format!(
                    "{PROGRAM} exited ({status}): {last}"
                )));
            }
            if ping(&self.url).is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(BrokerError::Start(format!(
                    "{PROGRAM} did not answer PING at {} within 10 s",
                    self.url
                )));
            }
            // Polling a server that is starting: the only wait here, and it orders nothing.
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `redis://127.0.0.1:PORT/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for EmbeddedServer {
    fn drop(&mut self) {
        if cleanup::interrupted() {
            // Left to the interrupt thread, which names what it stopped.
            return;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        cleanup::disown_process(self.child.id());
        if let Some(dir) = self.dir.take() {
            let path = dir.path().to_owned();
            let _ = dir.close();
            cleanup::disown_dir(&path);
        }
    }
}

/// A port nobody listens on right now: bind port 0, read what the kernel chose, let it go.
fn free_port() -> Result<u16, BrokerError> {
    let l = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| BrokerError::Start(format!("finding a free port: {e}")))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| BrokerError::Start(format!("finding a free port: {e}")))
}

/// One `PING`, on a fresh connection.
pub fn ping(url: &str) -> Result<(), BrokerError> {
    let mut conn = crate::broker::connect(url)?;
    let pong: String = redis::cmd("PING")
        .query(&mut conn)
        .map_err(|e| BrokerError::at(url, e))?;
    if pong == "PONG" {
        Ok(())
    } else {
        Err(BrokerError::Start(format!("PING answered {pong:?}")))
    }
}
