//! In [6]: `for proc in procs: proc.join()`, then `print("Hello World")`.

use std::time::Instant;

use anyhow::Context;
use interleaving::{Actor, emit, kinds};

use super::Knobs;
use crate::{Process, show_square};

/// "For waiting for the processes to finish, we use `join`. [...] The clear difference
/// between the times show how this waits for all the process to finish."
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("children", &k.children), ("work_ms", &k.work_ms)]);
    let main = Actor::new("main");
    let work_ms = k.work_ms;
    let t0 = Instant::now();
    let mut procs: Vec<Process> = (1..=k.children)
        .map(|n| Process::new(format!("child-{n}"), move || show_square(n, work_ms)))
        .collect();
    for p in &mut procs {
        p.start()
            .with_context(|| format!("starting {}", p.name()))?;
        main.emit(kinds::START, p.name());
    }
    // New: join each child before printing. join returns once the child has exited, and a
    // child prints before it exits, so every square is already out.
    for p in &mut procs {
        p.join().with_context(|| format!("joining {}", p.name()))?;
        main.emit(kinds::JOIN, p.name());
    }
    main.print("Hello World");
    let us = t0.elapsed().as_micros();
    main.emit(crate::kinds::MEASURE, format!("fork_start_join_us={us}"));
    emit::narrate(&format!(
        "{} children forked, run and joined in {:.2} ms ({} us each).",
        k.children,
        us as f64 / 1000.0,
        us / u128::from(k.children)
    ));
    Ok(())
}
