//! The fork-with-threads cell's properties: the pitfall child finds the lock held (it was,
//! across the fork), and the fixed child starts only after stdout's lock was let go.

use interleaving::Property;
use interleaving::declare::{cell, events, lines};

use crate::cells::FORK_WITH_THREADS;
use crate::cells::fork_with_threads::{HELD_AT_FORK, STDOUT_FREE};
use crate::kinds;

/// The cell's properties (none depends on a knob: the cell has none).
pub fn properties() -> Vec<Property> {
    let by = |actor: &str| lines().by(actor);
    let exits = ["pitfall-child: exitcode=0", "fix-child: exitcode=0"];
    cell(
        FORK_WITH_THREADS,
        [
            (
                "child-finds-the-lock-held-at-fork",
                by("pitfall-child").exactly([HELD_AT_FORK]),
            ),
            // The logger held the lock from before the child's start until after its report.
            (
                "lock-held-before-the-fork",
                events(kinds::ACQUIRE)
                    .by("logger")
                    .before(events(kinds::START).by("main").value("pitfall-child")),
            ),
            (
                "lock-released-after-the-child-reported",
                by("pitfall-child").before(events(kinds::RELEASE).by("logger")),
            ),
            // start() took stdout's lock before forking: the child runs only after its release.
            (
                "fork-waits-for-the-lock-the-child-needs",
                events(kinds::RELEASE)
                    .by("holder")
                    .before(interleaving::Select::any().by("fix-child")),
            ),
            (
                "fixed-child-takes-stdout-once",
                by("fix-child").exactly([STDOUT_FREE]),
            ),
            ("both-children-exit-0", by("main").exactly(exits)),
        ],
    )
}
