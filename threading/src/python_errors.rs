//! What Python reports at run time, Rust refuses at compile time. Each example below is a
//! `compile_fail` doctest: `cargo test` checks that it really does not compile.
//!
//! **Joining a thread twice.** Python: `t.join(); t.join()` is allowed (the second returns at
//! once), but joining a thread never started raises `RuntimeError`. Rust: `join(self)` takes
//! the handle by value, so it is gone after the first join:
//!
//! ```compile_fail,E0382
//! let t = std::thread::spawn(|| 1);
//! t.join().unwrap();
//! t.join().unwrap(); // error[E0382]: use of moved value: `t`
//! ```
//!
//! **Starting a thread twice.** Python: `t.start(); t.start()` raises
//! `RuntimeError: threads can only be started once`. Rust: `spawn` creates *and* starts the
//! thread, and a `JoinHandle` has no `start` at all, so there is nothing to call twice:
//!
//! ```compile_fail,E0599
//! let t = std::thread::spawn(|| 1);
//! t.start(); // error[E0599]: no method named `start` found for struct `JoinHandle`
//! ```
//!
//! **Using a value after giving it to a thread.** Python: both threads share the list, and a
//! change in one shows (or races) in the other. Rust: `move` gives the vector to the thread;
//! main cannot touch it any more (share it with `Arc<Mutex<_>>`, or borrow it in a
//! `thread::scope`):
//!
//! ```compile_fail,E0382
//! let items = vec![1, 2, 3];
//! let t = std::thread::spawn(move || items.len());
//! println!("{}", items.len()); // error[E0382]: borrow of moved value: `items`
//! t.join().unwrap();
//! ```
//!
//! **Borrowing a local from a plain `spawn`.** The thread might outlive the function, so the
//! borrow is refused; `thread::scope` is the fix (see the `scoped` cell):
//!
//! ```compile_fail,E0373
//! fn sum_in_a_thread(items: &[u64]) -> u64 {
//!     std::thread::spawn(|| items.iter().sum::<u64>()).join().unwrap()
//! }
//! ```
//!
//! And the version that compiles, for contrast:
//!
//! ```
//! let items = vec![1u64, 2, 3];
//! let sum: u64 = std::thread::scope(|s| s.spawn(|| items.iter().sum()).join().unwrap());
//! assert_eq!((sum, items.len()), (6, 3)); // items is still ours
//! ```

/// The table the `python-errors` cell prints: (what Python does, what Rust says, error code).
pub const TABLE: &[(&str, &str, &str)] = &[
    (
        "t.start() twice: RuntimeError: threads can only be started once",
        "spawn() creates and starts; a JoinHandle has no start()",
        "E0599",
    ),
    (
        "t.join() on a thread never started: RuntimeError",
        "there is no handle to an unstarted thread to join",
        "no code: nothing to write",
    ),
    (
        "t.join() twice: the second returns at once",
        "join(self) consumes the handle: use of moved value",
        "E0382",
    ),
    (
        "a list used after Thread(args=(lst,)): shared, races at run time",
        "a moved Vec cannot be used after spawn(move ...)",
        "E0382",
    ),
    (
        "counter += 1 from two threads: lost updates at run time",
        "two &mut to one u64 across threads do not compile",
        "E0499",
    ),
];
