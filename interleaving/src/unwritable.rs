//! Every demo binary survives stdout and stderr it cannot write to (cargo feature `testing`):
//! a full disk (`> /dev/full`), a reader gone (`| head -c 10`), a closed stderr.
//!
//! What must hold (SPEC section 2): never a panic or an abort, whatever is unwritable; exit 2
//! for bad usage even when the message cannot be shown; exit 1 when output was lost that
//! someone needed (a trace or prose on a full disk), with one `error:` line if stderr takes
//! it; exit 0, quietly, when the reader simply stopped reading (`| head`). Python differs: a
//! `print` to a closed pipe raises `BrokenPipeError`, and the interpreter exits 120 with
//! "Exception ignored ... BrokenPipeError" on stderr.
//!
//! ```no_run
//! // In a demo crate's tests/unwritable.rs, `bin` is `env!("CARGO_BIN_EXE_threading")`.
//! fn survives(bin: &str) {
//!     interleaving::unwritable::assert_survives(bin, "1");
//! }
//! ```

use std::fs::File;
use std::io::Read;
use std::process::{Command, Stdio};

/// Where one of the binary's output streams goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// A pipe the test reads to the end.
    Read,
    /// `/dev/full`: every write fails with `ENOSPC`.
    Full,
    /// A pipe whose reading end is already closed: every write fails with `EPIPE`.
    ClosedPipe,
}

/// How one run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// The exit code (`None`: a signal ended it, as `SIGABRT` after a panic in a panic hook).
    pub code: Option<i32>,
    /// Its stderr, when [`Sink::Read`]; empty otherwise.
    pub stderr: String,
}

fn stdio(sink: Sink) -> Stdio {
    match sink {
        Sink::Read => Stdio::piped(),
        Sink::Full => File::options()
            .write(true)
            .open("/dev/full")
            .expect("opening /dev/full")
            .into(),
        Sink::ClosedPipe => {
            let (reader, writer) = std::io::pipe().expect("a pipe");
            drop(reader);
            writer.into()
        }
    }
}

/// Runs `bin args...` with stdin empty and its stdout and stderr going to `out` and `err`.
pub fn run(bin: &str, args: &[&str], out: Sink, err: Sink) -> Ended {
    let mut child = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdio(out))
        .stderr(stdio(err))
        .spawn()
        .unwrap_or_else(|e| panic!("starting {bin}: {e}"));
    // Read stdout on a thread, so a chatty binary never blocks on a full pipe while we wait.
    let stdout = child.stdout.take().map(|mut p| {
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = p.read_to_end(&mut sink);
        })
    });
    let mut stderr = String::new();
    if let Some(mut p) = child.stderr.take() {
        let _ = p.read_to_string(&mut stderr);
    }
    if let Some(t) = stdout {
        let _ = t.join();
    }
    let status = child.wait().expect("waiting for the binary");
    Ended {
        code: status.code(),
        stderr,
    }
}

/// Runs `bin` in every way its streams can be unwritable and asserts what SPEC section 2 asks
/// (see the module docs). `cell` is a quick cell of the lesson (`--cell cell`).
pub fn assert_survives(bin: &str, cell: &str) {
    use Sink::{ClosedPipe, Full, Read};
    let text = ["--cell", cell];
    let trace = ["--cell", cell, "--trace"];
    let cases: [(&[&str], Sink, Sink, i32, &str); 13] = [
        // stderr unwritable: the run itself is fine, usage errors are still exit 2.
        (&text, Read, Full, 0, ""),
        (&trace, Read, ClosedPipe, 0, ""),
        (&["--cell", "no-such-cell"], Read, Full, 2, ""),
        (&["--no-such-flag"], Read, Full, 2, ""),
        (&["--list"], Read, ClosedPipe, 0, ""),
        // stdout unwritable: lost output is exit 1, with one line that says why.
        (
            &text,
            Full,
            Read,
            1,
            "error: writing the output to stdout: ",
        ),
        (
            &trace,
            Full,
            Read,
            1,
            "error: writing the trace to stdout: ",
        ),
        (&trace, Full, Full, 1, ""),
        (
            &["--list"],
            Full,
            Read,
            1,
            "error: writing the output to stdout: ",
        ),
        (&["--help"], Full, Read, 1, ""),
        // A reader that went away (`| head`) ends the run quietly.
        (&text, ClosedPipe, Read, 0, ""),
        (&trace, ClosedPipe, Read, 0, ""),
        (&text, ClosedPipe, ClosedPipe, 0, ""),
    ];
    for (args, out, err, want, says) in cases {
        let ended = run(bin, args, out, err);
        let what = format!("{bin} {args:?} with stdout {out:?}, stderr {err:?}: {ended:?}");
        assert_eq!(ended.code, Some(want), "{what}");
        assert!(!ended.stderr.contains("panicked"), "{what}");
        if err == Read && !says.is_empty() {
            // One line per process that lost output: a demo whose children share its stdout
            // (distributed's workers) may say it once for each of them.
            assert!(ended.stderr.lines().any(|l| l.starts_with(says)), "{what}");
            assert!(
                ended.stderr.lines().all(|l| l.starts_with("error: ")),
                "{what}"
            );
        } else if err == Read && want == 0 {
            assert_eq!(ended.stderr, "", "{what}");
        }
    }
}
