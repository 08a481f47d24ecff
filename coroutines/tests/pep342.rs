//! PEP 342 and PEP 380 behaviour of `Generator`, rule by rule, with scenarios from CPython's
//! `Lib/test/test_generators.py` (named after the test they follow).

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;

use coroutines::{Exception, GenError, Generator, Stack, State, Watcher};

/// A generator that records what it saw, as `fancy_name` does, into a shared log.
fn logger(log: &Rc<RefCell<Vec<String>>>) -> Generator<usize, String> {
    let log = Rc::clone(log);
    Generator::new("logger", move |co| {
        log.borrow_mut().push("started".into());
        let mut n = 0;
        loop {
            match co.yield_(n) {
                Ok(v) => log.borrow_mut().push(format!("got {v:?}")),
                Err(Exception::GeneratorExit) => {
                    log.borrow_mut().push("GeneratorExit".into());
                    return Ok(());
                }
                Err(e) => log.borrow_mut().push(format!("caught {e}")),
            }
            n += 1;
        }
    })
}

fn new_log() -> Rc<RefCell<Vec<String>>> {
    Rc::new(RefCell::new(Vec::new()))
}

/// Counts drops: proves the values on a generator's stack are dropped.
struct DropCount(Rc<Cell<u32>>);
impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[test]
fn created_generator_runs_nothing_until_next() {
    let log = new_log();
    let mut g = logger(&log);
    assert_eq!(g.state(), State::Created);
    assert!(log.borrow().is_empty());
    assert_eq!(g.advance(), Ok(0));
    assert_eq!(*log.borrow(), ["started"]);
    assert_eq!(g.state(), State::Suspended);
}

#[test]
fn send_to_just_started_generator_is_a_type_error_and_leaves_it_unstarted() {
    let log = new_log();
    let mut g = logger(&log);
    let err = g.send("x".into()).unwrap_err();
    assert_eq!(err, GenError::JustStarted);
    assert_eq!(
        err.to_string(),
        "TypeError: can't send non-None value to a just-started generator"
    );
    assert_eq!(g.state(), State::Created);
    assert!(log.borrow().is_empty(), "nothing ran");
    // resume(None) is next(): allowed, and it starts the body.
    assert_eq!(g.resume(None), Ok(0));
}

#[test]
fn send_returns_the_next_yielded_value() {
    let log = new_log();
    let mut g = logger(&log);
    assert_eq!(g.advance(), Ok(0));
    assert_eq!(g.send("a".into()), Ok(1));
    assert_eq!(g.advance(), Ok(2));
    assert_eq!(*log.borrow(), ["started", "got Some(\"a\")", "got None"]);
}

#[test]
fn return_value_rides_on_stop_iteration_once_then_none() {
    let mut g: Generator<u32, (), &str> = Generator::new("g", |co| {
        co.yield_(1)?;
        Ok("result")
    });
    assert_eq!(g.advance(), Ok(1));
    assert_eq!(g.advance(), Err(GenError::StopIteration(Some("result"))));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.advance(), Err(GenError::StopIteration(None)));
    assert_eq!(g.advance(), Err(GenError::StopIteration(None)));
}

#[test]
fn close_raises_generator_exit_at_the_yield_so_the_body_cleans_up() {
    let log = new_log();
    let mut g = logger(&log);
    g.advance().unwrap();
    assert_eq!(g.close(), Ok(Some(())));
    assert_eq!(*log.borrow(), ["started", "GeneratorExit"]);
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.send("late".into()), Err(GenError::StopIteration(None)));
}

#[test]
fn close_returns_the_value_the_body_returns() {
    // test_generators.py, GeneratorCloseTest.test_close_return_value (Python 3.13).
    let mut g: Generator<(), (), i32> = Generator::new("g", |co| match co.yield_(()) {
        Err(Exception::GeneratorExit) => Ok(0),
        _ => Ok(1),
    });
    g.advance().unwrap();
    assert_eq!(g.close(), Ok(Some(0)));
}

#[test]
fn close_with_generator_exit_propagating_returns_none() {
    // test_close_no_return_value: the body lets GeneratorExit through (`?`).
    let mut g: Generator<(), (), i32> = Generator::new("g", |co| {
        co.yield_(())?;
        Ok(1)
    });
    g.advance().unwrap();
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn close_on_a_created_generator_closes_it_without_running() {
    let ran = Rc::new(Cell::new(false));
    let flag = Rc::clone(&ran);
    let mut g: Generator<()> = Generator::new("g", move |co| {
        flag.set(true);
        co.yield_(())?;
        Ok(())
    });
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.advance(), Err(GenError::StopIteration(None)));
    assert!(!ran.get());
}

#[test]
fn close_on_a_finished_generator_is_a_no_op() {
    let mut g: Generator<()> = Generator::new("g", |_| Ok(()));
    assert!(g.advance().unwrap_err().is_stop());
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.close(), Ok(None));
}

#[test]
fn yielding_after_generator_exit_makes_close_fail() {
    let drops = Rc::new(Cell::new(0));
    let on_stack = DropCount(Rc::clone(&drops));
    let mut g: Generator<u32> = Generator::new("stubborn", move |co| {
        let _keep = on_stack;
        loop {
            let _ = co.yield_(1); // ignores GeneratorExit: Python's `except GeneratorExit: pass`
        }
    });
    g.advance().unwrap();
    let err = g.close().unwrap_err();
    assert_eq!(err, GenError::IgnoredGeneratorExit);
    assert_eq!(
        err.to_string(),
        "RuntimeError: generator ignored GeneratorExit"
    );
    assert_eq!(
        g.state(),
        State::Suspended,
        "as in Python, it stays suspended"
    );
    assert_eq!(drops.get(), 0);
    // Dropping it: close fails again, so its stack is unwound by force; destructors run.
    drop(g);
    assert_eq!(drops.get(), 1);
}

#[test]
fn close_propagates_an_exception_raised_while_cleaning_up() {
    let mut g: Generator<()> = Generator::new("g", |co| match co.yield_(()) {
        Err(Exception::GeneratorExit) => Err(Exception::new("ValueError", "cleanup failed")),
        _ => Ok(()),
    });
    g.advance().unwrap();
    assert_eq!(
        g.close(),
        Err(GenError::Raised(Exception::new(
            "ValueError",
            "cleanup failed"
        )))
    );
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn dropping_a_suspended_generator_closes_it() {
    let log = new_log();
    let mut g = logger(&log);
    g.advance().unwrap();
    drop(g);
    assert_eq!(*log.borrow(), ["started", "GeneratorExit"]);
}

#[test]
fn dropping_a_created_generator_runs_nothing_but_drops_its_captures() {
    let drops = Rc::new(Cell::new(0));
    let captured = DropCount(Rc::clone(&drops));
    let ran = Rc::new(Cell::new(false));
    let flag = Rc::clone(&ran);
    let g: Generator<()> = Generator::new("g", move |_| {
        let _keep = captured;
        flag.set(true);
        Ok(())
    });
    drop(g);
    assert!(!ran.get());
    assert_eq!(drops.get(), 1);
}

#[test]
fn values_on_the_generator_stack_are_dropped_when_it_is_closed() {
    let drops = Rc::new(Cell::new(0));
    let d = Rc::clone(&drops);
    let mut g: Generator<()> = Generator::new("g", move |co| {
        let _local = DropCount(d);
        co.yield_(())?;
        Ok(())
    });
    g.advance().unwrap();
    assert_eq!(drops.get(), 0);
    g.close().unwrap();
    assert_eq!(drops.get(), 1);
}

#[test]
fn throw_caught_by_the_body_goes_on_and_returns_the_next_yield() {
    let log = new_log();
    let mut g = logger(&log);
    g.advance().unwrap();
    assert_eq!(g.throw(Exception::new("ValueError", "boom")), Ok(1));
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(*log.borrow(), ["started", "caught ValueError: boom"]);
}

#[test]
fn throw_not_caught_propagates_and_finishes_the_generator() {
    let mut g: Generator<u32> = Generator::new("g", |co| {
        co.yield_(1)?;
        co.yield_(2)?;
        Ok(())
    });
    g.advance().unwrap();
    let boom = Exception::new("KeyError", "'k'");
    assert_eq!(g.throw(boom.clone()), Err(GenError::Raised(boom)));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.advance(), Err(GenError::StopIteration(None)));
}

#[test]
fn throw_into_a_created_generator_raises_without_running_it() {
    let ran = Rc::new(Cell::new(false));
    let flag = Rc::clone(&ran);
    let mut g: Generator<()> = Generator::new("g", move |_| {
        flag.set(true);
        Ok(())
    });
    let e = Exception::new("ValueError", "early");
    assert_eq!(g.throw(e.clone()), Err(GenError::Raised(e)));
    assert_eq!(g.state(), State::Closed);
    assert!(!ran.get());
}

#[test]
fn throw_into_a_finished_generator_raises_it_right_away() {
    let mut g: Generator<()> = Generator::new("g", |_| Ok(()));
    let _ = g.advance();
    let e = Exception::new("ValueError", "late");
    assert_eq!(g.throw(e.clone()), Err(GenError::Raised(e)));
}

#[test]
fn throw_generator_exit_that_the_body_survives_returns_its_next_yield() {
    // Only close() turns a yield after GeneratorExit into RuntimeError; throw() does not.
    let log = new_log();
    let mut g = logger(&log);
    g.advance().unwrap();
    // logger returns on GeneratorExit, so it finishes:
    assert_eq!(
        g.throw(Exception::GeneratorExit),
        Err(GenError::StopIteration(Some(())))
    );
    let mut stubborn: Generator<u32> = Generator::new("s", |co| {
        loop {
            let _ = co.yield_(7);
        }
    });
    stubborn.advance().unwrap();
    assert_eq!(stubborn.throw(Exception::GeneratorExit), Ok(7));
}

#[test]
fn a_body_that_raises_propagates_and_finishes() {
    let mut g: Generator<u32> = Generator::new("g", |co| {
        co.yield_(1)?;
        Err(Exception::new("ZeroDivisionError", "division by zero"))
    });
    g.advance().unwrap();
    assert_eq!(
        g.advance().unwrap_err().to_string(),
        "ZeroDivisionError: division by zero"
    );
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn a_panic_in_the_body_propagates_to_the_caller_and_finishes_the_generator() {
    let mut g: Generator<u32> = Generator::new("g", |co| {
        co.yield_(1)?;
        panic!("body panicked");
    });
    g.advance().unwrap();
    let caught = panic::catch_unwind(AssertUnwindSafe(|| g.advance()));
    let payload = caught.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"body panicked"));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.advance(), Err(GenError::StopIteration(None)));
    assert_eq!(g.close(), Ok(None));
}

#[test]
fn states_follow_inspect_getgeneratorstate() {
    // test_generators.py, GeneratorStateTest.
    let seen: Rc<RefCell<Option<Watcher>>> = Rc::new(RefCell::new(None));
    let inside = Rc::clone(&seen);
    let mut g: Generator<State> = Generator::new("g", move |co| {
        let me = inside.borrow().clone().expect("watcher set before start");
        co.yield_(me.state())?; // seen from inside: running
        Ok(())
    });
    *seen.borrow_mut() = Some(g.watcher());
    assert_eq!(g.state(), State::Created);
    assert_eq!(g.advance(), Ok(State::Running));
    assert_eq!(g.state(), State::Suspended);
    let _ = g.advance();
    assert_eq!(g.state(), State::Closed);
    assert_eq!(State::Suspended.python_name(), "GEN_SUSPENDED");

    let mut closed_early: Generator<()> = Generator::new("h", |_| Ok(()));
    closed_early.close().unwrap();
    assert_eq!(closed_early.state(), State::Closed);
}

#[test]
fn debug_shows_the_name_and_state_like_python_repr() {
    let mut g: Generator<u64> = Generator::new("func2", |co| {
        co.yield_(5)?;
        Ok(())
    });
    assert_eq!(format!("{g:?}"), "<generator object func2 (GEN_CREATED)>");
    g.advance().unwrap();
    assert_eq!(format!("{g:?}"), "<generator object func2 (GEN_SUSPENDED)>");
    assert_eq!(g.name(), "func2");
}

#[test]
fn yield_from_passes_sends_in_and_yields_out_and_returns_the_inner_result() {
    let mut outer: Generator<String, u32, u32> = Generator::new("outer", |co| {
        let inner = Generator::new("inner", |co: &coroutines::Co<String, u32>| {
            let mut sum = 0;
            while let Some(x) = co.yield_(format!("inner sum {sum}"))? {
                sum += x;
            }
            Ok(sum)
        });
        let total = co.yield_from(inner)?.unwrap_or(0);
        co.yield_(format!("outer got {total}"))?;
        Ok(total * 10)
    });
    assert_eq!(outer.advance().unwrap(), "inner sum 0");
    assert_eq!(outer.send(2).unwrap(), "inner sum 2");
    assert_eq!(outer.send(3).unwrap(), "inner sum 5");
    assert_eq!(outer.advance().unwrap(), "outer got 5"); // None ends the inner loop
    assert_eq!(outer.advance(), Err(GenError::StopIteration(Some(50))));
}

#[test]
fn yield_from_throws_into_the_inner_generator() {
    let log = new_log();
    let inner_log = Rc::clone(&log);
    let mut outer: Generator<usize, String> = Generator::new("outer", move |co| {
        co.yield_from(logger(&inner_log))?;
        Ok(())
    });
    assert_eq!(outer.advance(), Ok(0));
    assert_eq!(outer.throw(Exception::new("ValueError", "in")), Ok(1));
    assert_eq!(*log.borrow(), ["started", "caught ValueError: in"]);
}

#[test]
fn yield_from_an_inner_that_raises_raises_in_the_outer() {
    let mut outer: Generator<u32, (), String> = Generator::new("outer", |co| {
        let inner: Generator<u32> = Generator::new("inner", |co| {
            co.yield_(1)?;
            Err(Exception::new("ValueError", "inner failed"))
        });
        match co.yield_from(inner) {
            Ok(_) => Ok("no error".into()),
            Err(e) => Ok(format!("outer caught {e}")),
        }
    });
    assert_eq!(outer.advance(), Ok(1));
    assert_eq!(
        outer.advance(),
        Err(GenError::StopIteration(Some(
            "outer caught ValueError: inner failed".into()
        )))
    );
}

#[test]
fn closing_the_outer_generator_closes_the_inner_one_first() {
    let log = new_log();
    let (inner_log, outer_log) = (Rc::clone(&log), Rc::clone(&log));
    let mut outer: Generator<usize, String> =
        Generator::new("outer", move |co| match co.yield_from(logger(&inner_log)) {
            Err(Exception::GeneratorExit) => {
                outer_log.borrow_mut().push("outer GeneratorExit".into());
                Err(Exception::GeneratorExit)
            }
            other => other.map(|_| ()),
        });
    outer.advance().unwrap();
    assert_eq!(outer.close(), Ok(None));
    assert_eq!(
        *log.borrow(),
        ["started", "GeneratorExit", "outer GeneratorExit"]
    );
}

#[test]
fn yield_from_a_finished_generator_binds_none() {
    // Python: `r = yield from g` on a finished `g` gets StopIteration at once, so nothing is
    // yielded and `r` is None (its return value was delivered the first time).
    let mut outer: Generator<u32, (), Vec<Option<u32>>> = Generator::new("outer", |co| {
        let mut inner: Generator<u32, (), u32> = Generator::new("inner", |_| Ok(7));
        let first = inner.advance();
        assert_eq!(first, Err(GenError::StopIteration(Some(7))));
        Ok(vec![co.yield_from(inner)?])
    });
    assert_eq!(
        outer.advance(),
        Err(GenError::StopIteration(Some(vec![None])))
    );
}

#[test]
fn test_attempting_to_send_to_non_generator() {
    // test_yield_from.py: `yield from range(3)`, then send(42): a range iterator has no
    // `send`, so AttributeError is raised in the delegating generator, whose `finally` runs.
    let trace = new_log();
    let log = Rc::clone(&trace);
    let mut gi: Generator<u32, u32> = Generator::new("g", move |co| {
        log.borrow_mut().push("starting g".to_string());
        let result = co.yield_all(0..3);
        if result.is_ok() {
            log.borrow_mut().push("g should not be here".into());
        }
        log.borrow_mut().push("finishing g".into());
        result
    });
    assert_eq!(gi.advance(), Ok(0));
    for _ in 0..3 {
        match gi.send(42) {
            Ok(y) => trace
                .borrow_mut()
                .push(format!("Should not have yielded: {y}")),
            Err(GenError::Raised(e)) => {
                assert!(
                    e.is("AttributeError") && e.to_string().contains("send"),
                    "{e}"
                );
                break;
            }
            Err(other) => panic!("expected AttributeError, got {other:?}"),
        }
    }
    assert_eq!(*trace.borrow(), ["starting g", "finishing g"]);
}

#[test]
fn yield_all_takes_the_next_item_on_next() {
    // `next(g)` is `send(None)`, which PEP 380 turns into `next(iterator)`.
    let mut g: Generator<u32, u32> = Generator::new("g", |co| co.yield_all(0..3));
    assert_eq!(g.advance(), Ok(0));
    assert_eq!(g.resume(None), Ok(1));
    assert_eq!(g.advance(), Ok(2));
    assert_eq!(g.advance(), Err(GenError::StopIteration(Some(()))));
}

#[test]
fn a_handler_raising_generator_exit_by_name_closes_cleanly() {
    // Python: `except GeneratorExit: raise GeneratorExit("bye")` is a clean close: close()
    // returns None, whatever instance of GeneratorExit escaped.
    let mut g: Generator<u32> = Generator::new("g", |co| match co.yield_(1) {
        Err(Exception::GeneratorExit) => Err(Exception::new("GeneratorExit", "bye")),
        other => other.map(drop),
    });
    g.advance().unwrap();
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn yield_from_closes_cleanly_when_the_inner_raises_generator_exit_by_name() {
    let mut outer: Generator<u32> = Generator::new("outer", |co| {
        let inner: Generator<u32> = Generator::new("inner", |co| match co.yield_(1) {
            Err(e) if e.is("GeneratorExit") => Err(Exception::new("GeneratorExit", "inner")),
            other => other.map(drop),
        });
        co.yield_from(inner).map(drop)
    });
    assert_eq!(outer.advance(), Ok(1));
    assert_eq!(outer.close(), Ok(None));
}

/// Set in the child run of [`a_dropped_generators_clean_up_error_goes_to_stderr`].
const DROP_CHILD: &str = "COROUTINES_TEST_DROP_CHILD";

#[test]
fn drop_a_generator_whose_clean_up_raises() {
    // The child half of the test below; does nothing in a plain `cargo test`.
    if std::env::var_os(DROP_CHILD).is_none() {
        return;
    }
    let mut g: Generator<u32> = Generator::new("cleaner", |co| match co.yield_(1) {
        Err(Exception::GeneratorExit) => Err(Exception::new("ValueError", "in clean-up")),
        other => other.map(drop),
    });
    g.advance().unwrap();
    drop(g);
    eprintln!("still running");
}

#[test]
fn a_dropped_generators_clean_up_error_goes_to_stderr() {
    // Python's finalizer hands such an error to sys.unraisablehook, which prints
    // "Exception ignored in: <generator object ...>" and the error to stderr, and goes on.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "drop_a_generator_whose_clean_up_raises",
            "--nocapture",
        ])
        .env(DROP_CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "Exception ignored in: <generator object cleaner (GEN_SUSPENDED)>\n\
             ValueError: in clean-up\nstill running"
        ),
        "{stderr}"
    );
}

#[test]
fn yield_all_yields_every_item_of_an_iterator() {
    let g: Generator<char> = Generator::new("chars", |co| co.yield_all("abc".chars()));
    assert_eq!(g.collect::<Result<String, _>>(), Ok("abc".into()));
}

#[test]
fn a_generator_without_a_send_type_is_an_iterator() {
    // test_generators.py's tutorial: fib, and `for x in gen` ending at StopIteration.
    let fib: Generator<u64> = Generator::new("fib", |co| {
        let (mut a, mut b) = (0, 1);
        loop {
            co.yield_(a)?;
            (a, b) = (b, a + b);
        }
    });
    let first: Vec<u64> = fib.take(10).map(Result::unwrap).collect();
    assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
}

#[test]
fn an_iterator_whose_body_raises_gives_the_error_once_then_ends() {
    let mut g: Generator<u32> = Generator::new("g", |co| {
        co.yield_(1)?;
        Err(Exception::new("ValueError", "stop here"))
    });
    assert_eq!(g.next(), Some(Ok(1)));
    assert_eq!(
        g.next(),
        Some(Err(Exception::new("ValueError", "stop here")))
    );
    assert_eq!(g.next(), None);
}

#[test]
fn generators_nest_one_driving_another() {
    let mut outer: Generator<u32> = Generator::new("outer", |co| {
        let inner: Generator<u32> = Generator::new("inner", |co| co.yield_all([1, 2]));
        for x in inner {
            co.yield_(x? * 10)?;
        }
        Ok(())
    });
    assert_eq!(outer.advance(), Ok(10));
    assert_eq!(outer.advance(), Ok(20));
    assert!(outer.advance().unwrap_err().is_stop());
}

#[test]
fn finished_generators_give_their_stack_back_to_the_pool() {
    // Warm the pool, then check that a create-and-finish cycle takes one and gives it back.
    let mut warm: Generator<()> = Generator::new("warm", |_| Ok(()));
    let _ = warm.advance();
    let before = coroutines::pooled();
    assert!(before >= 1);
    let mut g: Generator<()> = Generator::new("g", |co| co.yield_(()).map(drop));
    assert_eq!(coroutines::pooled(), before - 1);
    g.advance().unwrap();
    g.close().unwrap();
    assert_eq!(coroutines::pooled(), before);
}

#[test]
fn a_fresh_stack_takes_a_deep_body() {
    fn depth(n: u32) -> u32 {
        let pad = std::hint::black_box([0u8; 512]);
        if n == 0 {
            u32::from(pad[0])
        } else {
            depth(n - 1) + 1
        }
    }
    let mut g: Generator<u32> = Generator::with_stack("deep", Stack::Fresh(4 << 20), |co| {
        co.yield_(depth(2000))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(g.advance(), Ok(2000));
}

#[test]
fn a_throw_the_inner_generator_does_not_catch_is_raised_in_the_outer_one() {
    // PEP 380: the exception propagates out of `yield from`, where the outer one may catch it.
    let mut outer: Generator<u32> = Generator::new("outer", |co| {
        let inner: Generator<u32> = Generator::new("inner", |co| co.yield_all([1, 2, 3]));
        match co.yield_from(inner) {
            Err(e) if e.is("ValueError") => co.yield_(99).map(drop),
            other => other.map(drop),
        }
    });
    assert_eq!(outer.advance(), Ok(1));
    assert_eq!(
        outer.throw(Exception::new("ValueError", "stop inner")),
        Ok(99)
    );
    assert!(outer.advance().unwrap_err().is_stop());
}

#[test]
fn throw_and_send_after_close_follow_python() {
    // test_generators.py: after close(), send raises StopIteration and throw raises the
    // exception thrown; close() again is a no-op.
    let log = new_log();
    let mut g = logger(&log);
    g.advance().unwrap();
    g.close().unwrap();
    assert_eq!(g.send("x".into()), Err(GenError::StopIteration(None)));
    let e = Exception::new("ValueError", "after close");
    assert_eq!(g.throw(e.clone()), Err(GenError::Raised(e)));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(*log.borrow(), ["started", "GeneratorExit"]);
}

#[test]
fn a_stop_iteration_escaping_the_body_becomes_runtime_error() {
    // PEP 479: driving a finished generator inside another one and letting its
    // StopIteration escape must not end the outer one silently.
    let mut outer: Generator<u32> = Generator::new("outer", |co| {
        let mut inner: Generator<u32> = Generator::new("inner", |_| Ok(()));
        let value = inner.advance().map_err(GenError::into_exception)?;
        co.yield_(value)?;
        Ok(())
    });
    assert_eq!(
        outer.advance(),
        Err(GenError::Raised(Exception::new(
            "RuntimeError",
            "generator raised StopIteration"
        )))
    );
}
