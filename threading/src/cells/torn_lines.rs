//! New: the notebook's torn line ("Square:Cube: 4") three ways: printed in pieces like Python,
//! printed as whole lines like `println!`, and in pieces under a held `stdout().lock()`.

use std::io;
use std::thread;

use anyhow::Context;
use interleaving::{Actor, emit::narrate, kinds as k};

use super::Knobs;
use crate::{StartGate, py_print};

/// The three ways two threads can write their lines.
#[derive(Debug, Clone, Copy)]
enum Style {
    /// `print("Square:", n)`: "Square:", " ", "4", "\n" as four writes. Lines can tear.
    Pieces,
    /// `println!("Square: {n}")`: the line is formatted first, then written once.
    Whole,
    /// Pieces again, but each line written while holding `stdout().lock()`.
    Locked,
}

impl Style {
    fn prefix(self) -> &'static str {
        match self {
            Style::Pieces => "pieces",
            Style::Whole => "whole",
            Style::Locked => "locked",
        }
    }
}

/// One thread's job: `lines` lines of squares (power 2) or cubes (power 3), in `style`.
fn powers(style: Style, label: &'static str, power: u32, lines: u64, gate: &StartGate) {
    let me = Actor::new(format!("{}-{}", style.prefix(), label.to_lowercase()));
    // Both threads start together, or the first would be done before the second began.
    gate.wait();
    for n in 1..=lines {
        let value = n.pow(power).to_string();
        match style {
            Style::Pieces => py_print(&me, &[&format!("{label}:"), &value]),
            Style::Whole => me.print(format!("{label}: {value}")),
            Style::Locked => {
                // The lock is std's own stdout lock: every thread that takes it waits for the
                // holder to finish its whole line. (Our writes bypass std's buffer, so it is the
                // lock alone that keeps the pieces together.)
                let _held = io::stdout().lock();
                py_print(&me, &[&format!("{label}:"), &value]);
            }
        }
    }
}

/// "The thread utilises the same STDOUT, it can even interfere within the function while
/// running." A line written in several pieces can be cut by another thread's piece; a line
/// written at once, or under the lock, cannot.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("lines", &knobs.lines)]);
    let main = super::main_actor();
    for style in [Style::Pieces, Style::Whole, Style::Locked] {
        narrate(match style {
            Style::Pieces => "print(\"Square:\", n) in pieces, like Python: lines may tear.",
            Style::Whole => {
                "println!: one write per line, so no line tears (they still interleave)."
            }
            Style::Locked => "pieces again, each line under stdout().lock(): never torn.",
        });
        let lines = knobs.lines;
        let gate = &StartGate::new(2);
        thread::scope(|s| -> anyhow::Result<()> {
            let sq = thread::Builder::new()
                .name("square".into())
                .spawn_scoped(s, move || powers(style, "Square", 2, lines, gate))
                .context("starting thread square")?;
            let cu = thread::Builder::new()
                .name("cube".into())
                .spawn_scoped(s, move || powers(style, "Cube", 3, lines, gate))
                .context("starting thread cube")?;
            for (who, h) in [("square", sq), ("cube", cu)] {
                h.join()
                    .map_err(|_| anyhow::anyhow!("thread {who} panicked"))?;
                main.emit(k::JOIN, format!("{}-{who}", style.prefix()));
            }
            Ok(())
        })?;
    }
    Ok(())
}
