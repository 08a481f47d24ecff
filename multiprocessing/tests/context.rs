//! Start methods and contexts: `get_start_method`, `set_start_method`, `get_context`.
//! One test, because the default start method is global to the test binary.

use multiprocessing::tasks::EXIT_WITH;
use multiprocessing::{ProcessError, StartMethod, get_context, get_start_method, set_start_method};

#[test]
fn contexts_and_the_default_start_method_are_pythons() {
    multiprocessing::set_executable(env!("CARGO_BIN_EXE_multiprocessing"));
    // Python on Linux (before 3.14): fork, fixed once asked for.
    assert_eq!(get_start_method(), StartMethod::Fork);
    let err = set_start_method(StartMethod::Spawn, false).unwrap_err();
    assert!(matches!(err, ProcessError::ContextAlreadySet));
    assert_eq!(err.to_string(), "context has already been set");
    set_start_method(StartMethod::Spawn, true).unwrap();
    assert_eq!(get_start_method(), StartMethod::Spawn);
    assert_eq!(
        get_context(None).unwrap().start_method(),
        StartMethod::Spawn
    );

    let err = get_context(Some("forkserver")).unwrap_err();
    assert!(matches!(err, ProcessError::UnknownContext(_)));
    // Both contexts run the same registered task; the process says how it started.
    for method in ["fork", "spawn"] {
        let ctx = get_context(Some(method)).unwrap();
        let mut p = ctx.process("exits-8", &EXIT_WITH, &8).unwrap();
        assert_eq!(p.start_method(), ctx.start_method());
        p.start().unwrap();
        p.join().unwrap();
        assert_eq!(p.exitcode(), Some(8), "{method}");
    }
}
