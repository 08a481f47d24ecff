//! What a Ctrl-C must not leave behind: the worker processes and the embedded
//! `redis-server` this run started, and the server's temporary directory.
//!
//! Python's `multiprocessing` registers its children so that `atexit` can terminate them; a
//! signal handler cannot run Rust destructors, so we keep the same kind of register here and a
//! thread that, on SIGINT or SIGTERM, kills and reaps everything in it, removes the
//! directories, says what was in flight, and exits with 130.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use nix::sys::signal::{Signal, kill};
use nix::sys::wait::waitpid;
use nix::unistd::Pid;

/// Set once a SIGINT or SIGTERM arrived: from then on the interrupt thread owns the exit.
/// The signal handler itself sets it, so a blocking call the signal cut short (a socket read
/// with a timeout returns `EINTR` even under `SA_RESTART`) already sees it set when its error
/// reaches `main`; the interrupt thread may not have woken up yet.
static INTERRUPTED: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Whether the run was interrupted. The lesson's own error (a worker killed under it, the
/// server gone) is then a consequence, not the story: the binary's `main` waits for the
/// interrupt thread, which exits with 128 + the signal, instead of racing it to exit 1.
pub fn interrupted() -> bool {
    INTERRUPTED
        .get()
        .is_some_and(|flag| flag.load(Ordering::SeqCst))
}

/// Processes and directories to remove if the run is interrupted, with a name for each.
static LIVE: Mutex<Vec<Owned>> = Mutex::new(Vec::new());

enum Owned {
    Process(i32, String),
    Dir(PathBuf),
    /// Something to give back on the server (a lease), with a key to forget it by.
    Undo(u64, Box<dyn FnOnce() + Send>),
}

/// Registers `undo`, run on an interrupt in the order of things registered, newest first;
/// returns the key [`disown_undo`] forgets it by. It must not call this module.
pub fn own_undo(undo: Box<dyn FnOnce() + Send>) -> u64 {
    use std::sync::atomic::AtomicU64;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let key = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.push(Owned::Undo(key, undo));
    key
}

/// Forgets an undo once its owner has done it itself.
pub fn disown_undo(key: u64) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.retain(|o| !matches!(o, Owned::Undo(k, _) if *k == key));
}

/// Registers a child process (by pid) that an interrupt must kill and reap.
pub fn own_process(pid: u32, name: &str) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.push(Owned::Process(pid as i32, name.to_owned()));
}

/// Registers a directory that an interrupt must remove.
pub fn own_dir(dir: PathBuf) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.push(Owned::Dir(dir));
}

/// Forgets a process or directory once its owner has cleaned it up itself.
pub fn disown_process(pid: u32) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.retain(|o| !matches!(o, Owned::Process(p, _) if *p == pid as i32));
}

/// Forgets a directory once its owner removed it.
pub fn disown_dir(dir: &std::path::Path) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.retain(|o| !matches!(o, Owned::Dir(d) if d == dir));
}

/// Starts the thread that cleans up on SIGINT or SIGTERM. Call once, early in `main`.
pub fn on_interrupt_clean_up() -> anyhow::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let flag = INTERRUPTED.get_or_init(Arc::default);
    for sig in [SIGINT, SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(flag))?;
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let names = clean_up_now();
                // The one line a Ctrl-C prints: what was in flight. Every acknowledged item is
                // already in Redis; an unacknowledged one would be redelivered to a worker.
                let line = format!(
                    "interrupted: stopped {}; nothing acknowledged was lost\n",
                    if names.is_empty() {
                        "nothing".to_owned()
                    } else {
                        names.join(", ")
                    }
                );
                let _ = nix::unistd::write(std::io::stderr(), line.as_bytes());
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

/// Kills and reaps every registered process, removes every registered directory, and
/// returns the names of the processes stopped.
fn clean_up_now() -> Vec<String> {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    let mut names = Vec::new();
    let owned = std::mem::take(&mut *live);
    let mut dirs = Vec::new();
    // Newest first: the workers go before the lease and the server they use, so none sees
    // them vanish and reports it. Directories last, once the server writing there is gone.
    for o in owned.into_iter().rev() {
        match o {
            Owned::Process(pid, name) => {
                let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
                let _ = waitpid(Pid::from_raw(pid), None);
                names.push(name);
            }
            Owned::Undo(_, undo) => undo(),
            Owned::Dir(d) => dirs.push(d),
        }
    }
    for d in dirs {
        let _ = std::fs::remove_dir_all(d);
    }
    // Said in the order they were started.
    names.reverse();
    names
}
