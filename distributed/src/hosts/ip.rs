//! Running `ip` (iproute2): the one program that makes and removes namespaces, links and
//! addresses. Every call is checked; a failure says the command and the kernel's words.

use std::process::{Command, Stdio};

use super::HostsError;

/// The program, looked up on `PATH`.
pub const PROGRAM: &str = "ip";

/// Whether `ip` is on `PATH`.
pub fn available() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(PROGRAM).is_file()))
}

/// Runs `ip ARGS...` to the end; its standard output, or an error naming the command.
pub fn run(args: &[&str]) -> Result<String, HostsError> {
    let command = format!("{PROGRAM} {}", args.join(" "));
    let out = Command::new(PROGRAM)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| HostsError::Ip {
            command: command.clone(),
            why: e.to_string(),
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        let why = if stderr.is_empty() {
            out.status.to_string()
        } else {
            stderr
        };
        return Err(HostsError::Ip { command, why });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The names of the network namespaces on this machine (`ip netns list`).
pub fn namespaces() -> Result<Vec<String>, HostsError> {
    let out = run(&["netns", "list"])?;
    // Each line is `NAME` or `NAME (id: N)`.
    Ok(out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect())
}

/// The names of the links in the namespace `ns`, or in ours with `None` (`ip -o link`).
pub fn links(ns: Option<&str>) -> Result<Vec<String>, HostsError> {
    let out = match ns {
        Some(ns) => run(&["-n", ns, "-o", "link", "show"])?,
        None => run(&["-o", "link", "show"])?,
    };
    // `4: eth0@if5: <...` -> `eth0`.
    Ok(out
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|n| n.split('@').next().unwrap_or(n).to_owned())
        .collect())
}
