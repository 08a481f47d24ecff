//! A round-robin scheduler of generators: cooperative multitasking in twenty lines, the idea
//! at the heart of an event loop such as asyncio's.
//!
//! Each task is a generator; `yield` means "I am done for now, let the others run". The
//! scheduler keeps a queue of tasks, resumes the first, and puts it back at the end if it
//! yielded, or drops it if it finished. No task is ever interrupted: a task that never yields
//! starves the others, exactly as a coroutine that blocks stalls asyncio's loop.

use std::collections::VecDeque;
use std::rc::Rc;

use interleaving::{Actor, kinds as shared};

use crate::error::{Exception, GenError};
use crate::repr::Repr;
use crate::traced::Traced;

/// Runs `tasks` in turns until all have finished, and returns their return values in the
/// order they finished. The scheduler records a `start` event for each task it queues. An
/// exception escaping a task stops the whole run, as an unhandled exception would in Python.
///
/// ```python
/// def round_robin(tasks):
///     queue = deque(tasks)
///     while queue:
///         task = queue.popleft()
///         try:
///             next(task)
///             queue.append(task)
///         except StopIteration:
///             pass
/// ```
pub fn round_robin<Y, R>(
    scheduler: &Rc<Actor>,
    tasks: impl IntoIterator<Item = Traced<Y, (), R>>,
) -> Result<Vec<R>, Exception>
where
    Y: Repr + 'static,
    R: Repr + 'static,
{
    let mut queue = VecDeque::new();
    for task in tasks {
        scheduler.emit(shared::START, task.generator().name());
        queue.push_back(task);
    }
    let mut finished = Vec::new();
    while let Some(mut task) = queue.pop_front() {
        match task.advance() {
            Ok(_) => queue.push_back(task),
            Err(GenError::StopIteration(r)) => finished.extend(r),
            Err(e) => return Err(e.into_exception()),
        }
    }
    Ok(finished)
}
