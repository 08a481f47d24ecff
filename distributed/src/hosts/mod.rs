//! Hosts as network namespaces: `redis-server` in one, each worker in its own, joined by veth
//! pairs, so that the lesson's traffic really crosses an interface, and a link can be cut.
//!
//! One machine cannot show what a second one adds: a worker that is alive but cut off, a
//! network that delivers late. A network namespace has its own interfaces, addresses and
//! routes; a veth pair is a cable between two of them. [`Hosts::create`] makes a broker
//! namespace and one namespace per worker host, with a cable from each to the broker on a
//! `/30` of its own (`10.231.K.1` the broker's end, `10.231.K.2` host K's), and nothing else:
//! no route out, no address outside the namespaces it made, so traffic can only go where the
//! lesson sends it. This process stays in its own namespace and reaches the server through a
//! Unix socket in the server's directory ([`Hosts::local_url`]).
//!
//! Everything is removed on drop (a panicking test included), on Ctrl-C (the register of
//! [`crate::cleanup`]), and, after a SIGKILL that ran nothing, by the next run: namespaces are
//! named after the pid that made them (`clab-PID-N-...`), and those whose process is gone
//! are swept, as [`crate::leftovers`] sweeps server directories.

mod error;
pub mod ip;
mod server;

use std::ffi::OsString;
use std::net::Ipv4Addr;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicU64, Ordering};

pub use error::HostsError;

use crate::cleanup;

/// How our namespaces' names begin (`clab-PID-N-broker`, `clab-PID-N-h1`).
pub const PREFIX: &str = "clab-";
/// The port `redis-server` listens on, inside the broker's namespace (which has it alone).
pub const PORT: u16 = 6379;
/// Set by `.ci/run`: a machine that cannot make namespaces fails the tests instead of
/// skipping them.
pub const REQUIRE_ENV: &str = "CONCURRENCY_LAB_REQUIRE_NETNS";

/// Whether `.ci/run` asked that hosts be made, so that not making them is a failure.
pub fn required() -> bool {
    std::env::var_os(REQUIRE_ENV).is_some_and(|v| v != "0")
}

/// The most worker hosts one run makes (one `/30` each in `10.231.1.0`..`10.231.64.0`).
pub const MAX_HOSTS: usize = 64;

/// One worker host: its namespace and its cable to the broker.
#[derive(Debug, Clone)]
pub struct Host {
    /// The namespace's name.
    pub ns: String,
    /// The cable's end in the broker's namespace (`to-hK`).
    pub broker_if: String,
    /// The cable's end in this host's namespace.
    pub host_if: String,
    /// The broker's address on this cable (`10.231.K.1`).
    pub broker_addr: Ipv4Addr,
    /// This host's address on it (`10.231.K.2`).
    pub addr: Ipv4Addr,
}

/// A broker namespace and worker hosts joined to it, removed when dropped.
#[derive(Debug)]
pub struct Hosts {
    broker: String,
    hosts: Vec<Host>,
    /// Namespaces made so far, in order (the broker first): what drop removes.
    made: Vec<String>,
    dir: Option<tempfile::TempDir>,
    server: Option<Child>,
    undo: u64,
}

/// Why this machine cannot make hosts, or `None` if it can try: Linux, root, `ip`.
pub fn unsupported() -> Option<HostsError> {
    if std::env::consts::OS != "linux" {
        return Some(HostsError::NotLinux {
            os: std::env::consts::OS,
        });
    }
    let uid = effective_uid();
    if uid != 0 {
        return Some(HostsError::NotRoot { uid });
    }
    if !ip::available() {
        return Some(HostsError::NoIp);
    }
    None
}

/// Our effective uid, from `/proc/self/status` (`Uid: REAL EFFECTIVE SAVED FS`): no libc
/// call or crate feature needed, and unlike the owner of `/proc/self` it is right after a
/// change of uid too. `u32::MAX` if it cannot be read.
fn effective_uid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(u32::MAX)
}

impl Hosts {
    /// Makes the broker's namespace and `n` worker hosts (1..=[`MAX_HOSTS`]), each cabled to
    /// the broker, links up. Refuses with the reason when this machine cannot.
    pub fn create(n: usize) -> Result<Self, HostsError> {
        if let Some(why) = unsupported() {
            return Err(why);
        }
        sweep();
        static RUN: AtomicU64 = AtomicU64::new(0);
        let tag = format!(
            "{PREFIX}{}-{}",
            std::process::id(),
            RUN.fetch_add(1, Ordering::Relaxed)
        );
        let broker = format!("{tag}-broker");
        let names: Vec<String> = std::iter::once(broker.clone())
            .chain((1..=n).map(|k| format!("{tag}-h{k}")))
            .collect();
        // Registered before anything exists, so a Ctrl-C halfway through removes the half
        // that was made (deleting a namespace that is not there is harmless).
        let undo_names = names.clone();
        let undo = cleanup::own_undo(Box::new(move || remove_all(&undo_names)));
        let mut hosts = Hosts {
            broker: broker.clone(),
            hosts: Vec::new(),
            made: Vec::new(),
            dir: None,
            server: None,
            undo,
        };
        if n == 0 || n > MAX_HOSTS {
            return Err(HostsError::Ip {
                command: format!("making {n} hosts"),
                why: format!("between 1 and {MAX_HOSTS} hosts, please"),
            });
        }
        hosts.add_namespace(&broker)?;
        for (k, ns) in names.iter().enumerate().skip(1) {
            hosts.add_namespace(ns)?;
            let host = Host {
                ns: ns.clone(),
                broker_if: format!("to-h{k}"),
                host_if: "to-broker".into(),
                broker_addr: Ipv4Addr::new(10, 231, k as u8, 1),
                addr: Ipv4Addr::new(10, 231, k as u8, 2),
            };
            cable(&broker, &host)?;
            hosts.hosts.push(host);
        }
        Ok(hosts)
    }

    fn add_namespace(&mut self, ns: &str) -> Result<(), HostsError> {
        ip::run(&["netns", "add", ns])?;
        self.made.push(ns.to_owned());
        ip::run(&["-n", ns, "link", "set", "lo", "up"])?;
        Ok(())
    }

    /// The broker's namespace.
    pub fn broker(&self) -> &str {
        &self.broker
    }

    /// The worker hosts, host 1 first.
    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }

    /// Host `k` (1-based, as the addresses count).
    fn host(&self, k: usize) -> Result<&Host, HostsError> {
        self.hosts
            .get(k.wrapping_sub(1))
            .ok_or_else(|| HostsError::Ip {
                command: format!("host {k}"),
                why: format!("there are hosts 1..={}", self.hosts.len()),
            })
    }

    /// The URL host `k` reaches the server by: the broker's end of its own cable.
    pub fn url_for(&self, k: usize) -> Result<String, HostsError> {
        let h = self.host(k)?;
        Ok(format!("redis://{}:{PORT}/", h.broker_addr))
    }

    /// `ip netns exec NS program`: a command that runs `program` on host `k`. The pid of the
    /// child is the program's (`ip` execs it).
    pub fn command_on(&self, k: usize, program: &Path) -> Result<Command, HostsError> {
        let mut cmd = Command::new(ip::PROGRAM);
        cmd.args(self.wrapper(k)?).arg(program);
        Ok(cmd)
    }

    /// The words that put a program on host `k`: `netns exec NS` (after `ip`).
    pub fn wrapper(&self, k: usize) -> Result<Vec<OsString>, HostsError> {
        let h = self.host(k)?;
        Ok(["netns", "exec", h.ns.as_str()]
            .iter()
            .map(OsString::from)
            .collect())
    }

    /// Cuts host `k` off: its cable's broker end goes down. Packets already sent are lost
    /// and TCP retransmits; nobody is told. No `netem` needed.
    pub fn cut(&self, k: usize) -> Result<(), HostsError> {
        let h = self.host(k)?;
        ip::run(&["-n", &self.broker, "link", "set", &h.broker_if, "down"]).map(drop)
    }

    /// Joins host `k` again: the cable's broker end comes up; TCP's retransmissions arrive.
    pub fn heal(&self, k: usize) -> Result<(), HostsError> {
        let h = self.host(k)?;
        ip::run(&["-n", &self.broker, "link", "set", &h.broker_if, "up"]).map(drop)
    }

    /// Bytes host `k` has sent over its cable: proof that its traffic crossed an interface.
    pub fn bytes_sent(&self, k: usize) -> Result<u64, HostsError> {
        let h = self.host(k)?;
        let out = ip::run(&["-n", &h.ns, "-s", "-o", "link", "show", &h.host_if])?;
        tx_bytes(&out).ok_or_else(|| HostsError::Ip {
            command: format!("ip -n {} -s -o link show {}", h.ns, h.host_if),
            why: format!("no TX bytes in {out:?}"),
        })
    }

    /// The names of every namespace this value made (the broker's first).
    pub fn namespaces(&self) -> &[String] {
        &self.made
    }
}

/// A veth pair from the broker's namespace to `host`'s, addressed and up.
fn cable(broker: &str, host: &Host) -> Result<(), HostsError> {
    ip::run(&[
        "-n",
        broker,
        "link",
        "add",
        &host.broker_if,
        "type",
        "veth",
        "peer",
        "name",
        &host.host_if,
        "netns",
        &host.ns,
    ])?;
    let b = format!("{}/30", host.broker_addr);
    let h = format!("{}/30", host.addr);
    ip::run(&["-n", broker, "addr", "add", &b, "dev", &host.broker_if])?;
    ip::run(&["-n", &host.ns, "addr", "add", &h, "dev", &host.host_if])?;
    ip::run(&["-n", broker, "link", "set", &host.broker_if, "up"])?;
    ip::run(&["-n", &host.ns, "link", "set", &host.host_if, "up"])?;
    Ok(())
}

/// The TX byte count in one line of `ip -s -o link show`: after `TX:` comes a header line
/// (`bytes packets ...`, `\` separated in `-o` mode), then the numbers.
fn tx_bytes(out: &str) -> Option<u64> {
    let after = out.split("TX:").nth(1)?;
    after
        .split(['\\', ' '])
        .filter(|w| !w.is_empty())
        .find_map(|w| w.parse().ok())
}

/// Deletes the namespaces in `names`, the last made first. A namespace's veth ends go with
/// it (and their peers with them). Errors are ignored: this is the last word of a run.
fn remove_all(names: &[String]) {
    for ns in names.iter().rev() {
        let _ = ip::run(&["netns", "del", ns]);
    }
}

/// Removes the namespaces of runs whose process is gone (killed outright: no drop ran).
pub fn sweep() -> Vec<String> {
    let Ok(all) = ip::namespaces() else {
        return Vec::new();
    };
    let gone: Vec<String> = all
        .into_iter()
        .filter(|ns| owner(ns).is_some_and(pid_gone))
        .collect();
    remove_all(&gone);
    gone
}

/// The pid in `clab-PID-...`.
fn owner(ns: &str) -> Option<i32> {
    ns.strip_prefix(PREFIX)?.split('-').next()?.parse().ok()
}

fn pid_gone(pid: i32) -> bool {
    use nix::errno::Errno;
    pid > 0 && nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) == Err(Errno::ESRCH)
}

impl Drop for Hosts {
    fn drop(&mut self) {
        if cleanup::interrupted() {
            // Left to the interrupt thread, which names what it stopped.
            return;
        }
        self.stop_server();
        remove_all(&self.made);
        cleanup::disown_undo(self.undo);
        if let Some(dir) = self.dir.take() {
            let path = dir.path().to_owned();
            let _ = dir.close();
            cleanup::disown_dir(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tx_bytes_reads_the_one_line_form() {
        let line = "3: to-broker@if2: <BROADCAST,UP> mtu 1500 \\    link/ether 1a:2b brd ff \\    \
                    RX:  bytes packets errors dropped  missed   mcast           \\    \
                    4242      17      0       0       0       0 \\    \
                    TX:  bytes packets errors dropped carrier collsns           \\    \
                    1234      12      0       0       0       0 ";
        assert_eq!(tx_bytes(line), Some(1234));
    }

    #[test]
    fn owner_is_the_pid_in_the_name() {
        assert_eq!(owner("clab-4242-0-broker"), Some(4242));
        assert_eq!(owner("clab-4242-3-h2"), Some(4242));
        assert_eq!(owner("someone-else"), None);
        assert_eq!(owner("clab-x-0-broker"), None);
    }
}
