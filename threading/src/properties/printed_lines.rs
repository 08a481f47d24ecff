//! Every line these cells print, per actor (`interleaving::printed`): a line deleted, added
//! or changed fails, naming the line. The same lines as Python's (`cargo xtask compare`).
//! (torn-lines' are beside its other properties; the measuring cells' in `printed_measured`,
//! the lock, condition and barrier cells' in `printed_primitives`.)

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::printed::{Printed, fixed_lines, printed};

use interleaving::printed::like;

use crate::cells::{
    EVENT, JOIN_TIMEOUT, PYTHON_ERRORS, RLOCK, SCOPE_NAME_PANIC, SEMAPHORE, SQUARE_CUBE,
};

/// The printed-lines properties of the cells whose output follows from their knobs.
pub(super) fn properties() -> Vec<Property> {
    [
        cell(
            SQUARE_CUBE,
            [(
                "printed-lines",
                printed(|_| {
                    Ok(Printed::new()
                        .by("main", ["Hello", "Hello"])
                        .by("square", ["Square: 4"])
                        .by("cube", ["Cube: 27"]))
                }),
            )],
        ),
        cell(
            EVENT,
            [(
                "printed-lines",
                printed(|k| {
                    let waiters = k.u64("waiters")?;
                    let each = (1..=waiters).fold(Printed::new(), |p, i| {
                        p.by(
                            &format!("event-{i}"),
                            [format!("event-{i}: wait() returned True")],
                        )
                    });
                    Ok(each.by("main", ["after clear(): wait(0.01) returned False"]))
                }),
            )],
        ),
        cell(
            RLOCK,
            [(
                "printed-lines",
                printed(|k| {
                    let depth = k.u64("depth")?;
                    let levels = |who: &str| {
                        (1..=depth)
                            .map(|d| format!("{who}: depth {d}, holding {d} levels"))
                            .collect::<Vec<_>>()
                    };
                    Ok(Printed::new()
                        .by("rlock-a", levels("rlock-a"))
                        .by("rlock-b", levels("rlock-b"))
                        .by(
                            "main",
                            ["release() without owning it: RuntimeError: cannot release un-acquired lock"],
                        ))
                }),
            )],
        ),
        fixed_lines(
            JOIN_TIMEOUT,
            Printed::new()
                .by(
                    "main",
                    [
                        "join(timeout=0.02): still running, is_alive() is True",
                        "join(timeout=60): finished, returned \"done\"",
                    ],
                )
                .by("sleeper", ["sleeper: woke up"]),
        ),
        fixed_lines(
            SCOPE_NAME_PANIC,
            Printed::new()
                .by("left", ["left: sum of [1, 2, 3, 4, 5] = 15"])
                .by("right", ["right: sum of [6, 7, 8, 9, 10] = 40"])
                .by("main", ["total = 55, and numbers is still ours: 10 items", "join returned Err: attempt to divide by zero", "main goes on"])
                .by("reporter", ["my name is reporter"])
                .by("doomed", ["dividing by zero..."])
        ),
        fixed_lines(
            PYTHON_ERRORS,
            Printed::new().by(
                "main",
                [
                        "Python: t.start() twice: RuntimeError: threads can only be started once",
                        "  Rust: spawn() creates and starts; a JoinHandle has no start() [E0599]",
                        "Python: t.join() on a thread never started: RuntimeError",
                        "  Rust: there is no handle to an unstarted thread to join [no code: nothing to write]",
                        "Python: t.join() twice: the second returns at once",
                        "  Rust: join(self) consumes the handle: use of moved value [E0382]",
                        "Python: a list used after Thread(args=(lst,)): shared, races at run time",
                        "  Rust: a moved Vec cannot be used after spawn(move ...) [E0382]",
                        "Python: counter += 1 from two threads: lost updates at run time",
                        "  Rust: two &mut to one u64 across threads do not compile [E0499]",
                ],
            ),
        ),
        cell(
            SEMAPHORE,
            [(
                "printed-lines",
                printed(|k| {
                    let threads = k.u64("threads")?;
                    let each = (1..=threads).fold(Printed::new(), |p, i| {
                        // How many permits were taken when it got in varies from run to run.
                        p.by(
                            &format!("sem-{i}"),
                            [like(format!("sem-{i}: inside, * of 2 permits taken"))],
                        )
                    });
                    Ok(each.by("main", ["all done, 2 permits free again"]))
                }),
            )],
        ),
    ]
    .concat()
}
