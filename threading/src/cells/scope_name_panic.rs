//! New: three things Python's `Thread` does differently. Scoped threads borrow local data,
//! `Builder` names a thread, and a panicking thread comes back from `join` as an `Err`.

use std::thread;

use anyhow::Context;
use interleaving::{Actor, emit::narrate, kinds as k};

use super::Knobs;
use crate::kinds;

/// What a scoped thread does with the borrowed half of the list.
fn sum_half(name: &str, half: &[u64]) -> u64 {
    let sum = half.iter().sum();
    Actor::new(name).print(format!("{name}: sum of {half:?} = {sum}"));
    sum
}

pub use crate::panic_message;

/// Python threads can read any object; Rust threads can borrow local data only inside a
/// `thread::scope`, which joins them all before it returns. An uncaught exception in a Python
/// thread is printed by `threading.excepthook` and `t.join()` returns normally; in Rust the
/// excepthook of a thread from `threading::spawn` prints it on stderr once it has unwound, and
/// `join` returns `Err` with the panic inside.
pub fn run(_: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[]);
    let main = super::main_actor();

    // 1. Scoped threads borrow `numbers`: no Arc, no clone, no 'static.
    let numbers: Vec<u64> = (1..=10).collect();
    let (left, right) = numbers.split_at(numbers.len() / 2);
    let total = thread::scope(|s| {
        let l = s.spawn(|| sum_half("left", left));
        let r = s.spawn(|| sum_half("right", right));
        // Neither can panic (summing ten small numbers), so a join error is a bug: re-raise.
        let join = |h: thread::ScopedJoinHandle<'_, u64>| {
            h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        };
        join(l) + join(r)
    });
    main.print(format!(
        "total = {total}, and numbers is still ours: {} items",
        numbers.len()
    ));

    // 2. A named thread: Python's Thread(name="reporter").
    let named = thread::Builder::new()
        .name("reporter".into())
        .spawn(|| {
            let name = thread::current().name().unwrap_or("?").to_owned();
            Actor::new("reporter").print(format!("my name is {name}"));
        })
        .context("starting thread reporter")?;
    named
        .join()
        .map_err(|_| anyhow::anyhow!("thread reporter panicked"))?;
    main.emit(k::JOIN, "reporter");

    // 3. A thread that panics. Its panic does not end the program: join hands it back.
    narrate(
        "the next thread panics on purpose. The lib's excepthook prints it on stderr the way\n\
         Python's threading.excepthook does (Exception in thread doomed: ...); join returns Err.",
    );
    // Python's default `threading.excepthook`, for threads started as Python starts them
    // (`threading::spawn`): it runs in the thread once the panic has unwound.
    crate::install_excepthook();
    let doomed = crate::spawn("doomed", || {
        Actor::new("doomed").print("dividing by zero...");
        let zero = std::hint::black_box(0u64);
        if zero == 0 {
            panic!("attempt to divide by zero");
        }
        1 / zero
    })
    .context("starting thread doomed")?;
    match doomed.join() {
        Ok(Ok(v)) => main.print(format!("join returned Ok({v})")),
        Ok(Err(exit)) => main.print(format!("the thread called exit_thread({})", exit.0)),
        Err(payload) => {
            let msg = panic_message(&*payload);
            main.emit(kinds::PANIC, msg.clone());
            main.print(format!("join returned Err: {msg}"));
        }
    }
    main.print("main goes on");
    narrate(
        "In Python the exception would be printed by threading.excepthook and t.join() would\n\
         return None as if all went well; Rust's join hands the panic back for main to handle.",
    );
    Ok(())
}
