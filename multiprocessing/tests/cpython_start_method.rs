//! `_test_multiprocessing.py`'s `TestStartMethod.test_context`: a child reports the start
//! method of the context that started it, whatever the parent's default. Its own test binary,
//! because the default start method is global to one.

use multiprocessing::tasks::{EXIT_WITH_START_METHOD, start_method_code};
use multiprocessing::{Process, StartMethod, get_context, get_start_method, set_start_method};

/// Starts `p`, waits for it, and returns the start method its exit code reports.
fn reported(mut p: Process) -> i32 {
    p.start().unwrap();
    p.join().unwrap();
    p.exitcode().expect("joined")
}

#[test]
fn test_context() {
    multiprocessing::set_executable(env!("CARGO_BIN_EXE_multiprocessing"));
    for default in [StartMethod::Fork, StartMethod::Spawn] {
        set_start_method(default, true).unwrap();
        for method in [StartMethod::Fork, StartMethod::Spawn] {
            let name = match method {
                StartMethod::Fork => "fork",
                StartMethod::Spawn => "spawn",
            };
            let ctx = get_context(Some(name)).unwrap();
            assert_eq!(ctx.start_method(), method);
            let child = ctx.process("child", &EXIT_WITH_START_METHOD, &()).unwrap();
            assert_eq!(
                reported(child),
                start_method_code(method),
                "a child of the {name} context, the default being {default:?}"
            );
        }
        // A plain `Process` belongs to the default context: its child keeps the default.
        let plain = Process::new("plain", || {
            std::process::exit(start_method_code(get_start_method()))
        });
        assert_eq!(reported(plain), start_method_code(default));
        // The parent's own default is untouched by its children.
        assert_eq!(get_start_method(), default);
    }
}
