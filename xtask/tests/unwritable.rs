//! `cargo xtask` with stdout or stderr it cannot write to: no panic, no abort, exit 1 when its
//! output was lost (`> /dev/full`), 0 when a reader of it went away, 2 for bad usage.

use interleaving::unwritable::{Sink, run};

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

#[test]
fn survives_unwritable_stdout_and_stderr() {
    use Sink::{ClosedPipe, Full, Read};
    let cases: [(&[&str], Sink, Sink, i32); 7] = [
        (&[], Read, Full, 0),
        (&[], Full, Read, 1),
        (&[], ClosedPipe, Read, 0),
        (&["--help"], Full, Full, 1),
        (&["--no-such-flag"], Read, Full, 2),
        (&["check", "no-such-demo"], Read, Full, 2),
        (
            &["check", "coroutines", "--trace", "/no/such/file"],
            Read,
            Full,
            1,
        ),
    ];
    for (args, out, err, want) in cases {
        let ended = run(XTASK, args, out, err);
        let what = format!("xtask {args:?} with stdout {out:?}, stderr {err:?}: {ended:?}");
        assert_eq!(ended.code, Some(want), "{what}");
        assert!(!ended.stderr.contains("panicked"), "{what}");
    }
    let full = run(XTASK, &[], Full, Read);
    assert!(
        full.stderr
            .starts_with("error: writing the output to stdout: "),
        "{full:?}"
    );
}
