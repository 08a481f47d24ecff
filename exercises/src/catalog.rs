//! The exercises, in the order a learner should do them: each with the lesson and cell it
//! comes from, its properties, how hard the judge pushes (runs, time limit, slow work,
//! jitter), a hint, and what a broken property means in the learner's words.

use std::time::Duration;

use interleaving::Property;
use interleaving::declare::cell;

use crate::properties::threading;
use crate::properties::{asyncio, coroutines, distributed, multiprocessing, producer_consumer};

/// One exercise.
pub struct Exercise {
    /// Its name: the binary's, and its file's in snake case (`lost-update`,
    /// `exercises/lost_update.rs`).
    pub name: &'static str,
    /// The lesson (crate) it comes from.
    pub lesson: &'static str,
    /// The lesson's cell it practises.
    pub cell: &'static str,
    /// The bug, in a few words.
    pub bug: &'static str,
    /// What `--hint` prints.
    pub hint: &'static str,
    /// For a property (or `"hang"`, or `"exit"` for a failed run), what its failure means,
    /// in the learner's terms.
    pub why: &'static [(&'static str, &'static str)],
    /// How many runs it must pass (the judge stops at the first failing one).
    pub runs: usize,
    /// How long one run may take before it counts as hung.
    pub time_limit: Duration,
    /// `lab::slow()`'s pause in each run, taken in turn.
    pub slow_ms: &'static [u64],
    /// Whether every other run gets the emitter's jitter (small random pauses at events).
    pub jitter: bool,
    /// Whether it needs a `redis-server`.
    pub needs_redis: bool,
    /// Whether the judge also model-checks the learner's primitive with loom (the crate's
    /// `model` tests, feature `loom`), once every run has passed.
    pub loom: bool,
    /// Its properties, about its own cell (its name).
    pub properties: fn(&'static str) -> Vec<Property>,
}

impl Exercise {
    /// Its file, from the workspace root, in `dir` (`exercises`, `solutions`, `wrong`).
    pub fn file(&self, dir: &str) -> String {
        format!("exercises/{dir}/{}.rs", self.name.replace('-', "_"))
    }

    /// What the failure of `property` means, in the learner's terms, if the exercise says.
    pub fn why(&self, property: &str) -> Option<&'static str> {
        self.why
            .iter()
            .find(|(p, _)| *p == property)
            .map(|(_, w)| *w)
    }
}

/// The exercise named `name`.
pub fn find(name: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|e| e.name == name)
}

const SHORT: Duration = Duration::from_secs(5);

/// Every exercise, in the suggested order: the lessons' order, easiest first within each.
pub static EXERCISES: &[Exercise] = &[
    // multiprocessing
    Exercise {
        name: "never-joined",
        lesson: "multiprocessing",
        cell: "join-waits",
        bug: "children never joined: \"Hello World\" before them",
        hint: "Nothing waits for the children. `Process::join` returns once a child has exited, and a child prints before it exits. Join every child (and record it: `main.emit(kinds::JOIN, p.name())`) before printing \"Hello World\". A sleep is not a wait: the judge makes the children slower than any sleep you pick.",
        why: &[
            (
                "hello-world-after-every-child",
                "main printed \"Hello World\" while a child had not printed yet: nothing waited for the children (Python: `p.join()`)",
            ),
            (
                "each-square-printed-once",
                "a child's square is missing or doubled",
            ),
        ],
        runs: 6,
        time_limit: SHORT,
        slow_ms: &[0, 100, 300],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: multiprocessing::never_joined,
    },
    Exercise {
        name: "shared-memory",
        lesson: "multiprocessing",
        cell: "separate-memory",
        bug: "a child's writes are its own: the parent never sees them",
        hint: "After fork, a child has a copy of the parent's memory: an `Arc`, a `Mutex`, a global are all copied, not shared. Send each result back through something both processes can reach: `multiprocessing::Queue::new()` (a pipe; `try_clone` it for each child), `put` in the child, `get` in main.",
        why: &[(
            "parent-sees-the-childrens-results",
            "main's sum is not the children's: each child changed its own copy of the memory, and the parent's stayed as it was",
        )],
        runs: 3,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, multiprocessing::shared_memory(3)),
    },
    Exercise {
        name: "zombies",
        lesson: "multiprocessing",
        cell: "join-waits",
        bug: "zombies: children that exit but are never waited for",
        hint: "A child that has exited stays a zombie until its parent waits for it. Join every child (`p.join()`, recorded with `main.emit(kinds::JOIN, p.name())`) before main goes on serving. Asking `is_alive()` (Python: `active_children()`) reaps only the children that have already ended: once, early, it reaps none.",
        why: &[(
            "no-child-left-a-zombie",
            "a child had exited and main never waited for it: it is a zombie (`<defunct>` in `ps`) for as long as main runs",
        )],
        runs: 4,
        time_limit: SHORT,
        slow_ms: &[100, 300],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, multiprocessing::zombies(3)),
    },
    Exercise {
        name: "spawn-pitfall",
        lesson: "multiprocessing",
        cell: "spawn-pitfall",
        bug: "the spawn pitfall: a spawned child cannot find its target",
        hint: "A spawned child is this binary started again with a task's name; it finds the function only in the registry that `main` hands to `multiprocessing::dispatch`, as Python's child finds only what it can import. Put `SHOW_SQUARE` in `REGISTRY`. Keep `dispatch` the first thing `main` does (Python: the `if __name__ == \"__main__\":` guard): a child that reaches the program's own code runs that instead of its task.",
        why: &[
            (
                "every-child-finds-its-task",
                "a spawned child could not find its task in the binary's registry and died at start-up (the notebook's `AttributeError: Can't get attribute 'showSquare'`)",
            ),
            (
                "every-child-exits-0",
                "a spawned child did not run its task to the end (its exit code is not 0)",
            ),
        ],
        runs: 2,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, multiprocessing::spawn_pitfall(3)),
    },
    // threading
    Exercise {
        name: "lost-update",
        lesson: "threading",
        cell: "shared-counter",
        bug: "a lost update: read, then write back",
        hint: "`load` then `store` lets another thread write in between, and one of the two writes is lost. Make the read and the write one step: `fetch_add`, or one `Mutex` guard held across both (not a lock for each).",
        why: &[(
            "counter-is-exact",
            "two threads read the same value and both wrote it back: one add was lost",
        )],
        runs: 10,
        time_limit: Duration::from_secs(20),
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: true,
        properties: |n| cell(n, threading::lost_update()),
    },
    Exercise {
        name: "torn-output",
        lesson: "threading",
        cell: "torn-lines",
        bug: "torn output: a line written in pieces",
        hint: "A line written in two `write`s can be split by the other thread's output. Write each line with one call (`me.print(...)`: one event, one `write(2)`). A lock around each piece does not help: the line is still two pieces.",
        why: &[
            (
                "lines-are-whole",
                "a line was cut in two by the other thread's output (`Square: Cube: 8`): it was written in pieces",
            ),
            (
                "square-lines-in-order",
                "the square thread's lines are not all there, whole, in order",
            ),
            (
                "cube-lines-in-order",
                "the cube thread's lines are not all there, whole, in order",
            ),
        ],
        runs: 20,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: true,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, threading::torn_output(30)),
    },
    Exercise {
        name: "lock-order",
        lesson: "threading",
        cell: "lock",
        bug: "a deadlock from lock order",
        hint: "Each thread holds one lock and waits for the other's. Take the two locks in the same order in both threads (say `a`, then `b`), whichever way the money moves. Spinning on `try_lock` while holding the first lock does not help: both spin for ever.",
        why: &[
            (
                "hang",
                "the two threads each hold one lock and wait for the other's: a deadlock from lock order",
            ),
            ("both-transfers-done", "a transfer did not happen"),
            (
                "money-kept",
                "money was lost or made: the balances are not 100 and 100",
            ),
        ],
        runs: 4,
        time_limit: Duration::from_secs(3),
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, threading::lock_order()),
    },
    Exercise {
        name: "condition-if",
        lesson: "threading",
        cell: "condition",
        bug: "a condition waited on with `if` instead of a loop",
        hint: "`notify_all` wakes every waiting consumer, but only one gets the item; by the time the others hold the lock again, the buffer is empty. Check the condition again after every wake-up: `while buffer.is_empty() { buffer.wait(); }`.",
        why: &[
            (
                "never-takes-from-empty",
                "a consumer woke up, did not check again, and found the buffer empty: another consumer had taken the item",
            ),
            (
                "every-item-taken-once",
                "an item was not taken exactly once",
            ),
        ],
        runs: 5,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, threading::condition_if(20)),
    },
    Exercise {
        name: "set-then-clear",
        lesson: "threading",
        cell: "event",
        bug: "an Event built by hand misses a `set` followed by `clear`",
        hint: "A condition is waited on with a loop, but an event's waiter waits for a `set`, not for the flag: `clear()` can lower the flag before a woken waiter looks at it, and a waiter that looks again goes back to sleep for ever. Do what Lib/threading.py's `Event.wait` does: if the flag is up, return; if not, `wait()` once on the condition and return. Only `set` notifies, so being woken means the event was set. A timeout on the wait does not help: the flag is down whenever the waiter looks.",
        why: &[
            (
                "hang",
                "a waiter was woken by `set`, but `clear` lowered the flag before it looked: it went back to sleep and missed the set (CPython's gh-57711)",
            ),
            (
                "every-waiter-wakes",
                "a waiter did not return from `wait` after the `set`",
            ),
        ],
        runs: 3,
        time_limit: Duration::from_secs(3),
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: true,
        properties: |n| cell(n, threading::set_then_clear(3)),
    },
    // producer-consumer
    Exercise {
        name: "consumer-never-ends",
        lesson: "producer-consumer",
        cell: "producer-consumer",
        bug: "a consumer that never ends",
        hint: "Once the producer is done, tell the consumer so. Python 3.13's `q.shutdown()` is `q.shutdown(false)` here: the consumer's `get` drains what is left, then returns `Err(ShutDown)`. Record it just before, with `main.emit(kinds::SHUTDOWN, \"graceful\")`. A timeout on `get` ends the consumer too early whenever the producer is slow.",
        why: &[
            (
                "hang",
                "main waits to join the consumer, and the consumer waits in `get` for an item that will never come: nothing tells it the producer is done",
            ),
            (
                "consumer-ends-cleanly",
                "the consumer did not end because the queue was shut down (its exit says why it ended)",
            ),
            (
                "consumed-equals-published",
                "the consumer did not get every item the producer put, in order: it stopped too early",
            ),
            (
                "consumer-ends-after-shutdown",
                "the consumer ended before main shut the queue down",
            ),
        ],
        runs: 4,
        time_limit: SHORT,
        slow_ms: &[0, 80],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: producer_consumer::consumer_never_ends,
    },
    Exercise {
        name: "task-done-forgotten",
        lesson: "producer-consumer",
        cell: "task-done-join",
        bug: "`task_done` forgotten, so `join()` hangs",
        hint: "`q.join()` returns once every `put` has had its `task_done()`. Call `q.task_done()` once per item, after its work is really done (after `me.emit(kinds::DONE, ...)`), not as soon as you take it.",
        why: &[
            (
                "hang",
                "main waits in `q.join()` for items to be marked done, and the workers never call `task_done()`",
            ),
            (
                "join-returns-after-every-task-done",
                "`q.join()` returned while an item was still being worked on: it was marked done before its work was",
            ),
            (
                "every-item-done-once",
                "an item's work was not done exactly once",
            ),
        ],
        runs: 4,
        time_limit: SHORT,
        slow_ms: &[20, 60],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: producer_consumer::task_done_forgotten,
    },
    Exercise {
        name: "no-backpressure",
        lesson: "producer-consumer",
        cell: "backpressure",
        bug: "a queue without a bound: no backpressure",
        hint: "An unbounded queue never makes `put` wait. Give it a bound, `Queue::new(MAXSIZE)`: then `put` waits while it is full, and the producer goes at the consumer's pace. A sleep in the producer only works for a consumer exactly that fast.",
        why: &[
            (
                "put-waits-for-room",
                "the producer got more than MAXSIZE items ahead of the consumer: nothing made `put` wait",
            ),
            (
                "bounded-fifo",
                "the consumer did not get every item, in order",
            ),
        ],
        runs: 4,
        time_limit: SHORT,
        slow_ms: &[15, 40],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, producer_consumer::no_backpressure(2)),
    },
    Exercise {
        name: "two-lanes",
        lesson: "producer-consumer",
        cell: "two-lanes",
        bug: "two lanes are not a queue (not linearizable)",
        hint: "Locking each lane, or both lanes at once, does not help while a consumer prefers its own lane: what came in first must go out first, whoever asks. Keep one FIFO (`Mutex<VecDeque<_>>`) and ignore the lane and the home.",
        why: &[(
            "linearizable",
            "no order of one-at-a-time FIFO operations explains what the consumers got: a consumer took an item while an older one, whose put had already returned, was still waiting",
        )],
        runs: 3,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, producer_consumer::two_lanes()),
    },
    // coroutines
    Exercise {
        name: "never-primed",
        lesson: "coroutines",
        cell: "fancy-name",
        bug: "a generator never primed",
        hint: "A generator that has not started has no `yield` waiting to receive a value. Prime it first: `co.advance()` (Python's `next(co)`) runs the body up to its first `yield`. Then send.",
        why: &[
            (
                "prints-cool-utkarsh-cool-gupta-done",
                "the output is not `Cool:Utkarsh`, `Cool:Gupta`, `Done`: a value sent to a generator that never ran is refused (it was never primed)",
            ),
            (
                "exit",
                "`send` to a just-started generator failed: prime it first",
            ),
        ],
        runs: 2,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, coroutines::never_primed()),
    },
    Exercise {
        name: "generator-exit",
        lesson: "coroutines",
        cell: "fancy-name",
        bug: "`close()` and GeneratorExit",
        hint: "`close()` raises `GeneratorExit` at the `yield` (`Err(Exception::GeneratorExit)` from `co.yield_`). Catch it with a `match`, print \"Done\", and return `Ok(())`: the generator must finish, not yield again.",
        why: &[
            (
                "prints-cool-utkarsh-cool-gupta-done",
                "the output is not `Cool:Utkarsh`, `Cool:Gupta`, `Done`: GeneratorExit went straight past the body, or it printed \"Done\" and went on",
            ),
            (
                "close-returns-cleanly",
                "close() did not end the generator cleanly: the body yielded again after GeneratorExit (\"generator ignored GeneratorExit\")",
            ),
        ],
        runs: 2,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, coroutines::generator_exit()),
    },
    // asyncio
    Exercise {
        name: "forgotten-await",
        lesson: "asyncio",
        cell: "lazy-coroutines",
        bug: "a forgotten await",
        hint: "Calling an `async fn` builds a future and runs nothing. `.await` each one (in order) before main says it is done. Spawning them without awaiting is no better: main ends first and the tasks left are cancelled.",
        why: &[
            (
                "every-greeting-printed",
                "a greeting never printed: its future was built but never awaited, so it never ran",
            ),
            (
                "greetings-before-main-is-done",
                "main said \"greetings done\" before a greeting was printed",
            ),
        ],
        runs: 3,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, asyncio::forgotten_await(&["Ada", "Grace", "Guido"])),
    },
    Exercise {
        name: "blocking-in-async",
        lesson: "asyncio",
        cell: "blocking-trap",
        bug: "a blocking call inside async code",
        hint: "`std::thread::sleep` blocks the event loop's only thread: no other task runs until it returns. Await `tokio::time::sleep(...)` instead (Python's `await asyncio.sleep`), which gives the thread back while it waits.",
        why: &[
            (
                "every-sleep-began-before-any-woke",
                "a task woke before the others had even begun: each sleep blocked the event loop, so the tasks ran one after another",
            ),
            (
                "all-together-take-one-sleep",
                "the sleeps did not overlap: each one blocked the loop's only thread",
            ),
        ],
        runs: 3,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, asyncio::blocking_in_async(4, 100)),
    },
    Exercise {
        name: "too-many-at-once",
        lesson: "asyncio",
        cell: "semaphore",
        bug: "no limit on how many are inside at once (and `let _ =` on a permit)",
        hint: "An `Arc<Semaphore>` with LIMIT permits is there: acquire a permit before entering, and keep it until you leave, in a named binding (`let _permit = ...`). `let _ = ...` drops it on the spot.",
        why: &[(
            "at-most-limit-inside",
            "more than LIMIT tasks were inside the server at once: nothing held them back",
        )],
        runs: 3,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, asyncio::too_many_at_once(10, 3)),
    },
    Exercise {
        name: "ignored-task-error",
        lesson: "asyncio",
        cell: "task-group-failure",
        bug: "a child task's error ignored",
        hint: "`JoinHandle::await` gives `Ok(the task's own result)`, and the task's own result is the `Result` that failed; `let _` throws it away. Use `asyncio::task_group` (Python's TaskGroup): its `Err(ExceptionGroup)` lists each child's error; emit each as `main.emit(\"error\", e.to_string())`.",
        why: &[
            (
                "main-reports-the-childs-error",
                "the check of input 2 failed and main never said so: the child's error was dropped",
            ),
            (
                "no-all-clear-after-a-failure",
                "main said \"all checked\" although a check failed",
            ),
        ],
        runs: 3,
        time_limit: SHORT,
        slow_ms: &[0],
        jitter: false,
        needs_redis: false,
        loom: false,
        properties: |n| cell(n, asyncio::ignored_task_error("ValueError: bad input 2")),
    },
    // distributed
    Exercise {
        name: "ack-before-work",
        lesson: "distributed",
        cell: "worker-dies",
        bug: "a worker that acks before it works: an item lost when it dies",
        hint: "An acknowledged entry is never delivered again. Acknowledge (`task_done`) only after the result is stored: a worker that dies before then leaves the entry pending, and the next worker's `claim` takes it over.",
        why: &[(
            "every-items-effect-exactly-once",
            "an item's result was never stored: its worker acknowledged it, then died, and nobody redid it",
        )],
        runs: 2,
        time_limit: Duration::from_secs(15),
        slow_ms: &[0],
        jitter: false,
        needs_redis: true,
        loom: false,
        properties: |n| cell(n, distributed::ack_before_work(4)),
    },
    Exercise {
        name: "non-idempotent-sink",
        lesson: "distributed",
        cell: "worker-dies",
        bug: "a sink that is not idempotent under redelivery",
        hint: "At-least-once delivery means an item can be done twice; make the second time change nothing. `broker.store_once(item, value)` (Redis `HSETNX`) writes only if the item has no result yet and says whether it did. A set in the worker's memory dies with the worker.",
        why: &[(
            "every-items-effect-exactly-once",
            "an item's effect happened twice: it was delivered again after its worker died, and the sink appended it again",
        )],
        runs: 2,
        time_limit: Duration::from_secs(15),
        slow_ms: &[0],
        jitter: false,
        needs_redis: true,
        loom: false,
        properties: |n| cell(n, distributed::non_idempotent_sink(4)),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exercise_has_its_three_files_and_a_header_naming_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for e in EXERCISES {
            for dir in ["exercises", "solutions", "wrong"] {
                let text = std::fs::read_to_string(root.join(e.file(dir)))
                    .unwrap_or_else(|err| panic!("{}: {err}", e.file(dir)));
                let first = text.lines().next().unwrap_or_default();
                assert!(
                    first.starts_with("//!"),
                    "{} has no //! header",
                    e.file(dir)
                );
                assert!(
                    text.contains(&format!("`{}`", e.name)),
                    "{} does not name {}",
                    e.file(dir),
                    e.name
                );
            }
        }
    }

    #[test]
    fn at_least_eighteen_exercises_and_two_from_each_lesson() {
        assert!(EXERCISES.len() >= 18);
        for lesson in [
            "threading",
            "multiprocessing",
            "producer-consumer",
            "coroutines",
            "asyncio",
            "distributed",
        ] {
            let n = EXERCISES.iter().filter(|e| e.lesson == lesson).count();
            assert!(n >= 2, "{lesson} has {n} exercises");
        }
    }

    #[test]
    fn every_explained_property_is_a_property_of_its_exercise() {
        for e in EXERCISES {
            let props = (e.properties)(e.name);
            assert!(!props.is_empty(), "{} has no properties", e.name);
            for (p, _) in e.why {
                assert!(
                    ["hang", "exit"].contains(p) || props.iter().any(|q| q.name == *p),
                    "{} explains {p}, which it does not have",
                    e.name
                );
            }
        }
    }
}
