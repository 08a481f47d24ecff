//! `contextvars.Token` and `ContextVar.reset`, ported from CPython's `Lib/test/test_context.py`
//! (`test_context_var_new_1`, `test_token_repr_1`, `test_context_getset_*`,
//! `test_context_copy_1`, `test_context_run_4`), each test named after the one it ports. Python's `@isolated_context` is [`isolated`]: a fresh context for the
//! thread while the test runs.
//!
//! Where Rust differs: a second `reset` of one token (`RuntimeError: has already been used`)
//! does not compile, `reset` takes the token by value (the `compile_fail` doctest on
//! `ContextVar::reset`); a variable of another type cannot take the token at all (a type
//! error), so `ValueError: by a different ContextVar` is for two variables of one type; a
//! context may be entered while it is entered (`test_context_run_7`'s `RuntimeError: is
//! already entered` is not raised: [`entering_a_context_already_entered_is_allowed`]).

use asyncio::{AsyncioError, Context, ContextVar, copy_context};

/// `@isolated_context`: runs `f` in a fresh context.
fn isolated<R>(f: impl FnOnce() -> R) -> R {
    Context::default().run_sync(f)
}

fn value_error(result: Result<(), AsyncioError>) -> String {
    match result {
        Err(AsyncioError::ValueError(msg)) => msg,
        other => panic!("expected ValueError, got {other:?}"),
    }
}

/// A variable has the name it was made with (Python's `ContextVar()` without one, or with a
/// name that is not a `str`, is a `TypeError`; here `new` takes a `&'static str`, so neither
/// compiles).
#[test]
fn test_context_var_new_1() {
    static C: ContextVar<u32> = ContextVar::new("aaa");
    assert_eq!(C.name(), "aaa");
    assert_eq!(format!("{C:?}"), "<ContextVar name='aaa'>");
}

/// A token's repr names its variable's repr (Python's adds both addresses; Rust prints none).
#[test]
fn test_token_repr_1() {
    static A: ContextVar<u32> = ContextVar::new("a");
    isolated(|| {
        let tok = A.set(1);
        assert_eq!(format!("{tok:?}"), "<Token var=<ContextVar name='a'>>");
        assert!(format!("{tok:?}").contains(&format!("{A:?}")));
    });
}

static C1: ContextVar<&'static str> = ContextVar::new("c");

/// A set returns a token holding the var and the old value (`MISSING` first); `reset` puts
/// the old value back, or unsets the variable; a copy taken between keeps what it saw.
#[test]
fn test_context_getset_1() {
    isolated(|| {
        assert_eq!(C1.get(), None); // Python: LookupError, or None with get(None)

        let t0 = C1.set("42");
        assert_eq!(C1.get(), Some("42"));
        assert_eq!(t0.old_value(), None); // Token.MISSING
        assert!(std::ptr::eq(t0.var(), &C1));

        let t = C1.set("spam");
        assert_eq!(C1.get(), Some("spam"));
        assert_eq!(t.old_value(), Some(&"42"));
        C1.reset(t).unwrap();
        assert_eq!(C1.get(), Some("42"));

        C1.set("spam2");
        // (Python resets `t` again here: RuntimeError. Here `t` has moved: see the header.)
        assert_eq!(C1.get(), Some("spam2"));

        let ctx1 = copy_context();
        assert!(ctx1.contains(&C1));

        C1.reset(t0).unwrap();
        assert_eq!(C1.get(), None);

        assert!(ctx1.contains(&C1));
        assert_eq!(ctx1.get(&C1), Some("spam2"));
        assert_eq!(ctx1.len(), 1);

        let ctx2 = copy_context();
        assert!(!ctx2.contains(&C1));
        assert_eq!(ctx2.get(&C1), None);
        assert!(ctx2.is_empty());
    });
}

static V1: ContextVar<u32> = ContextVar::new("v1");
static V2: ContextVar<u32> = ContextVar::new("v2");

/// A token is for the variable that made it: another variable's `reset` is a `ValueError`,
/// and changes nothing.
#[test]
fn test_context_getset_2() {
    isolated(|| {
        let t1 = V1.set(42);
        let msg = value_error(V2.reset(t1));
        assert!(msg.contains("by a different"), "{msg}");
        assert_eq!(V1.get(), Some(42));
        assert_eq!(V2.get(), None);
    });
}

static C3: ContextVar<u32> = ContextVar::new("c");

/// Inside `ctx.run`, a set and its reset are seen through the context itself: the key
/// appears, then is gone again (reset to `MISSING` unsets it).
#[test]
fn test_context_getset_3() {
    isolated(|| {
        let ctx = Context::default();
        let seen = ctx.clone();
        ctx.run_sync(|| {
            assert_eq!(seen.get(&C3), None);
            assert!(!seen.contains(&C3));
            assert!(seen.is_empty());

            let t = C3.set(1);
            assert_eq!(seen.len(), 1);
            assert_eq!(seen.get(&C3), Some(1));

            C3.reset(t).unwrap();
            assert!(seen.is_empty());
            assert_eq!(seen.get(&C3), None);
        });
    });
}

static C4: ContextVar<u32> = ContextVar::new("c");

/// A token made in another context (`ctx.run(c.set, 1)`) cannot reset the variable here.
#[test]
fn test_context_getset_4() {
    isolated(|| {
        let ctx = Context::default();
        let tok = ctx.clone().run_sync(|| C4.set(1));
        let msg = value_error(C4.reset(tok));
        assert!(msg.contains("different Context"), "{msg}");
        assert_eq!(ctx.get(&C4), Some(1));
    });
}

static C5: ContextVar<Vec<u32>> = ContextVar::new("c");

/// What a function run in a copy sets stays in the copy.
#[test]
fn test_context_getset_5() {
    isolated(|| {
        C5.set(Vec::new());
        copy_context().run_sync(|| {
            C5.set(Vec::new());
            let mut v = C5.get().unwrap();
            v.push(42);
            C5.set(v);
            assert_eq!(C5.get(), Some(vec![42]));
        });
        assert_eq!(C5.get(), Some(Vec::new()));
    });
}

static COPIED: ContextVar<u32> = ContextVar::new("c");

/// `ctx.copy()` takes the values of that moment; afterwards each context keeps its own.
#[test]
fn test_context_copy_1() {
    let ctx1 = Context::default();
    let seen1 = ctx1.clone();
    ctx1.run_sync(|| {
        COPIED.set(10);
        let ctx2 = seen1.copy();
        assert_eq!(ctx2.get(&COPIED), Some(10));

        COPIED.set(20);
        assert_eq!(seen1.get(&COPIED), Some(20));
        assert_eq!(ctx2.get(&COPIED), Some(10));

        ctx2.clone().run_sync(|| {
            assert_eq!(COPIED.get(), Some(10));
            COPIED.set(30);
            assert_eq!(COPIED.get(), Some(30));
        });
        assert_eq!(seen1.get(&COPIED), Some(20));
        assert_eq!(ctx2.get(&COPIED), Some(30));
    });
}

static VAR: ContextVar<&'static str> = ContextVar::new("var");

/// A context run inside another sees none of the outer one's values; the outer's set is
/// kept in it and seen through its handle afterwards.
#[test]
fn test_context_run_4() {
    isolated(|| {
        let ctx1 = Context::default();
        let ctx2 = Context::default();
        let returned = ctx1.clone().run_sync(|| {
            assert_eq!(VAR.get(), None);
            VAR.set("spam");
            ctx2.run_sync(|| assert_eq!(VAR.get(), None));
            assert_eq!(VAR.get(), Some("spam"));
            let cur = copy_context();
            assert_eq!(cur.len(), 1);
            assert_eq!(cur.get(&VAR), Some("spam"));
            cur
        });
        assert_eq!(returned.get(&VAR), ctx1.get(&VAR));
        assert_eq!(ctx1.get(&VAR), Some("spam"));
        assert!(ctx1.contains(&VAR));
    });
}

static ENTERED: ContextVar<u32> = ContextVar::new("entered");

/// Stated difference from `test_context_run_7`: Python's `ctx.run(f)` inside `ctx.run` (or on
/// two threads at once) raises `RuntimeError: cannot enter context: ... is already entered`.
/// Here a `Context` is a handle that tasks share (two tasks given one context may run at once
/// on `multi_thread`), so entering it again is allowed: both see and set the same values.
#[test]
fn entering_a_context_already_entered_is_allowed() {
    let ctx = Context::default();
    let inner = ctx.clone();
    let seen = ctx.clone().run_sync(|| {
        ENTERED.set(1);
        inner.run_sync(|| {
            let before = ENTERED.get();
            ENTERED.set(2);
            before
        })
    });
    assert_eq!(seen, Some(1));
    assert_eq!(ctx.get(&ENTERED), Some(2));
}
