//! The notebook's generator functions, and the ones the lesson adds, as traced generators.
//! Each takes the actor that will drive it (`main`, or an upstream stage).

use std::rc::Rc;

use interleaving::Actor;

use crate::co::Co;
use crate::error::Exception;
use crate::traced::Traced;

/// In \[20\]: `def func(): return 5`.
pub fn func() -> u64 {
    5
}

/// In \[20\]: `def func2(): yield func()`. Calling it runs nothing: the body waits for `next`.
pub fn func2(caller: &Rc<Actor>) -> Traced<u64> {
    Traced::new(caller, "func2", |co, _me| {
        co.yield_(func())?;
        Ok(())
    })
}

/// In \[27\]: `fancy_name(prefix)`: prints `prefix:name` for every name sent, and "Done" when
/// closed.
///
/// ```python
/// def fancy_name(prefix):
///     try:
///         while True:
///             name = (yield)
///             print(prefix + ":" + name)
///     except GeneratorExit:
///         print("Done")
/// ```
///
/// `next(co)` on a primed `fancy_name` makes `name` None, and Python's `prefix + ":" + None`
/// raises `TypeError` inside the body; so does this body.
pub fn fancy_name(caller: &Rc<Actor>, prefix: &str) -> Traced<(), String> {
    let prefix = prefix.to_owned();
    Traced::new(caller, "fancy_name", move |co, me| {
        loop {
            match co.yield_(()) {
                Ok(Some(name)) => me.print(format!("{prefix}:{name}")),
                Ok(None) => {
                    return Err(Exception::new(
                        "TypeError",
                        "can only concatenate str (not \"NoneType\") to str",
                    ));
                }
                Err(Exception::GeneratorExit) => {
                    me.print("Done");
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// A running average (Fluent Python's `averager`): each number sent in comes back as the mean
/// so far; `next` (a send of None) ends it, and it returns `(count, average)`.
///
/// ```python
/// def averager():
///     total, count, average = 0.0, 0, None
///     while True:
///         term = yield average
///         if term is None:
///             break
///         total += term; count += 1; average = total / count
///     return (count, average)
/// ```
pub fn averager(caller: &Rc<Actor>) -> Traced<Option<f64>, f64, (u64, Option<f64>)> {
    Traced::new(caller, "averager", |co, _me| {
        let (mut total, mut count, mut average) = (0.0, 0u64, None);
        while let Some(term) = co.yield_(average)? {
            total += term;
            count += 1;
            average = Some(total / count as f64);
        }
        Ok((count, average))
    })
}

/// A pipeline's filter stage (David Beazley's `grep`): passes on to `target` the lines that
/// contain `pattern`, and closes `target` when it is closed itself. It runs as the actor
/// that drives `target` (make `target` with the filter's actor as its caller).
pub fn grep(
    caller: &Rc<Actor>,
    pattern: &str,
    mut target: Traced<(), String>,
) -> Traced<(), String> {
    let pattern = pattern.to_owned();
    let me = Rc::clone(target.caller());
    Traced::with_actor(caller, me, move |co: &Co<(), String>, _me| {
        target.advance().map_err(|e| e.into_exception())?; // prime the next stage
        loop {
            match co.yield_(()) {
                Ok(Some(line)) if line.contains(&pattern) => {
                    target.send(line).map_err(|e| e.into_exception())?;
                }
                Ok(_) => {}
                Err(Exception::GeneratorExit) => {
                    target.close().map_err(|e| e.into_exception())?;
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// A pipeline's sink (Beazley's `printer`): prints every line sent to it. It does not catch
/// `GeneratorExit`: closing it just ends it.
pub fn printer(caller: &Rc<Actor>) -> Traced<(), String> {
    Traced::new(caller, "printer", |co, me| {
        loop {
            if let Some(line) = co.yield_(())? {
                me.print(line);
            }
        }
    })
}

/// A task for the round-robin scheduler: prints `name: n` for n counting down to 1, yielding
/// (giving the turn back) after each line.
///
/// ```python
/// def countdown(name, n):
///     while n > 0:
///         print(f"{name}: {n}")
///         yield
///         n -= 1
/// ```
pub fn countdown(caller: &Rc<Actor>, name: String, n: u64) -> Traced<()> {
    Traced::new(caller, name, move |co, me| {
        for k in (1..=n).rev() {
            me.print(format!("{}: {k}", me.name()));
            co.yield_(())?;
        }
        Ok(())
    })
}
