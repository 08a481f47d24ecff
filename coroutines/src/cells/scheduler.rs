//! New: a round-robin scheduler of generators, the idea behind an event loop.

use std::rc::Rc;

use interleaving::Actor;
use interleaving::emit::narrate;

use super::Knobs;
use crate::notebook::countdown;
use crate::scheduler::round_robin;

/// "When the user implements context switching themselves": here it is, in full. Each task
/// prints one line and yields; the scheduler resumes the next task. Where the tasks wait on
/// I/O instead of yielding, this becomes asyncio's event loop.
pub fn run(knobs: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("tasks", &knobs.tasks), ("steps", &knobs.steps)]);
    let main = Rc::new(Actor::new("main"));
    let tasks: Vec<_> = (0..knobs.tasks)
        .map(|i| {
            let steps = knobs.steps.saturating_sub(i).max(1);
            countdown(&main, format!("task-{}", i + 1), steps)
        })
        .collect();
    narrate(&format!(
        ">>> round_robin([countdown(\"task-{{i}}\", n) for ...])   # {} tasks",
        tasks.len()
    ));
    let finished = round_robin(&main, tasks)?;
    narrate(&format!("{} tasks finished", finished.len()));
    Ok(())
}
