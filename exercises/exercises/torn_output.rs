//! Exercise `torn-output` (threading lesson, cell `torn-lines`; notebook In [11], where the
//! output read `Square:Cube: 4`).
//!
//! Two threads print 30 lines each. Each line goes out in two pieces, the label and then the
//! number, and the other thread's output lands in between: `Square: Cube: 8`. Make every
//! line come out whole. Judge it with `cargo xtask exercise torn-output`.
//!
//! The same bug in Python (`print` writes its arguments and the newline separately):
//!
//! ```python
//! def square():
//!     for k in range(1, 31):
//!         print("Square: ", end="")
//!         print(k * k)
//! ```

use std::process::ExitCode;
use std::thread;

use exercises::lab;
use interleaving::Actor;
use threading::StartGate;

const LINES: u64 = 30;

fn main() -> ExitCode {
    lab::run("threading", "torn-output", &[("lines", &LINES)], both)
}

/// Prints `label: k^power` for k = 1..=LINES.
fn table(me: &Actor, label: &str, power: u32) {
    for k in 1..=LINES {
        me.write(format!("{label}: "));
        me.write(format!("{}\n", k.pow(power)));
    }
}

fn both(main: &Actor) -> anyhow::Result<()> {
    let gate = StartGate::new(2);
    thread::scope(|s| {
        let square = lab::spawn(s, main, "square", |me| {
            gate.wait();
            table(me, "Square", 2);
        });
        let cube = lab::spawn(s, main, "cube", |me| {
            gate.wait();
            table(me, "Cube", 3);
        });
        lab::join(main, square)?;
        lab::join(main, cube)
    })
}
