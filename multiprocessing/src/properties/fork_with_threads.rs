//! The fork-with-threads cell's properties: the pitfall child finds the lock held (it was,
//! across the fork), and the fixed child starts only after stdout's lock was let go.

use interleaving::{Property, Rule, Select};

use crate::cells::FORK_WITH_THREADS;
use crate::cells::fork_with_threads::{HELD_AT_FORK, STDOUT_FREE};
use crate::kinds;

/// The cell's properties (none depends on a knob: the cell has none).
pub fn properties() -> Vec<Property> {
    let cell = FORK_WITH_THREADS;
    let by = |actor: &str| Select::lines().by(actor);
    vec![
        Property::new(
            "child-finds-the-lock-held-at-fork",
            Rule::Multiset {
                select: by("pitfall-child"),
                expected: vec![HELD_AT_FORK.to_owned()],
            },
        )
        .in_cell(cell),
        // The logger held the lock from before the child's start until after its report.
        Property::new(
            "lock-held-before-the-fork",
            Rule::HappensBefore {
                before: Select::kind(kinds::ACQUIRE).by("logger"),
                after: Select::kind(kinds::START).by("main").value("pitfall-child"),
            },
        )
        .in_cell(cell),
        Property::new(
            "lock-released-after-the-child-reported",
            Rule::HappensBefore {
                before: by("pitfall-child"),
                after: Select::kind(kinds::RELEASE).by("logger"),
            },
        )
        .in_cell(cell),
        // start() took stdout's lock before forking: the child runs only after its release.
        Property::new(
            "fork-waits-for-the-lock-the-child-needs",
            Rule::HappensBefore {
                before: Select::kind(kinds::RELEASE).by("holder"),
                after: Select::any().by("fix-child"),
            },
        )
        .in_cell(cell),
        Property::new(
            "fixed-child-takes-stdout-once",
            Rule::Multiset {
                select: by("fix-child"),
                expected: vec![STDOUT_FREE.to_owned()],
            },
        )
        .in_cell(cell),
        Property::new(
            "both-children-exit-0",
            Rule::Multiset {
                select: by("main"),
                expected: vec![
                    "pitfall-child: exitcode=0".to_owned(),
                    "fix-child: exitcode=0".to_owned(),
                ],
            },
        )
        .in_cell(cell),
    ]
}
