//! In [1] to In [5]: five `Process(target=showSquare, args=(i+1,))`, `start`, `print("Hello")`.

use anyhow::Context;
use interleaving::{Actor, kinds};

use super::Knobs;
use crate::{Process, show_square};

/// "In this we see that Hello can be printed anytime between the 5 processes, hence we dont
/// have much control over it, only the **Operating System** does."
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("children", &k.children), ("work_ms", &k.work_ms)]);
    let main = Actor::new("main");
    let work_ms = k.work_ms;
    // In [3]-[4]: procs = [Process(target=showSquare, args=(i+1,)) for i in range(5)].
    // The closure's captures are Python's `args`.
    let mut procs: Vec<Process> = (1..=k.children)
        .map(|n| Process::new(format!("child-{n}"), move || show_square(n, work_ms)))
        .collect();
    // In [5]: start them all, then print without waiting for any.
    for p in &mut procs {
        p.start()
            .with_context(|| format!("starting {}", p.name()))?;
        main.emit(kinds::START, p.name());
    }
    main.print("Hello");
    // No join here, as in the notebook. When `procs` is dropped at the end of this cell each
    // child is waited for (Python joins non-daemon children when the interpreter exits), so
    // none is left a zombie and none prints into the next cell.
    Ok(())
}
