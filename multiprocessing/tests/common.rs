//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

/// Whether `pid` is still a child of this process (running or a zombie), from `/proc`.
pub fn is_our_child(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    parent_of(&stat) == Some(std::process::id())
}

/// The ppid field of a `/proc/PID/stat` line (after the `(comm)`, which may hold spaces).
pub fn parent_of(stat: &str) -> Option<u32> {
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

/// The pids whose parent is `parent`, from `/proc`.
pub fn children_of(parent: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat"))
                && parent_of(&stat) == Some(parent)
            {
                out.push(pid);
            }
        }
    }
    out
}

/// Runs `f` and returns its value, or fails the test if it takes longer than `limit` (a
/// watchdog against hangs: the stuck thread is left behind, the test fails at once).
pub fn within<T: Send + 'static>(
    limit: std::time::Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{what}: hung for {limit:?}"),
        Err(e) => panic!("{what}: panicked ({e})"),
    }
}
