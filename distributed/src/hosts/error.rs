//! Why the hosts could not be made, as types: each names the cause and what to do.

/// An error from making, using or removing the namespaces that stand for hosts.
#[derive(Debug, thiserror::Error)]
pub enum HostsError {
    /// Network namespaces need root (`CAP_SYS_ADMIN` and `CAP_NET_ADMIN`).
    #[error(
        "hosts as network namespaces need root (this process runs as uid {uid}): run it as \
         root, or without --hosts (every process on this machine's loopback)"
    )]
    NotRoot {
        /// Our effective user id.
        uid: u32,
    },
    /// `ip` (iproute2) is not on `PATH`.
    #[error(
        "`ip` (iproute2) not found on PATH: hosts as network namespaces need it \
         (Debian/Ubuntu: `apt-get install -y iproute2`)"
    )]
    NoIp,
    /// This is not Linux: network namespaces are a Linux feature.
    #[error("hosts as network namespaces need Linux (this is {os})")]
    NotLinux {
        /// `std::env::consts::OS`.
        os: &'static str,
    },
    /// An `ip` command failed (the kernel refused a namespace, a link, an address).
    #[error("`{command}` failed: {why}")]
    Ip {
        /// The command as typed in a shell.
        command: String,
        /// Its error output, or how it ended.
        why: String,
    },
    /// `redis-server` did not start in the broker's namespace.
    #[error("starting redis-server in namespace {ns}: {why}")]
    Server {
        /// The namespace.
        ns: String,
        /// Why.
        why: String,
    },
}
