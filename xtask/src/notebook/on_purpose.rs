//! The cells that are broken on purpose, and the property each one breaks. A lesson's own
//! properties say what such a cell must show (the racy counter never gains; the checker
//! catches the two-lane queue), so they hold; the page also checks the property the broken
//! thing would need, so that a learner sees the checker say "violated", with the lines.

use interleaving::fold::Fold;
use interleaving::linear::{self, Model};
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Property, Rule};

/// A cell broken on purpose.
pub struct OnPurpose {
    /// The lesson.
    pub lesson: &'static str,
    /// The cell.
    pub cell: &'static str,
    /// What is broken, for the page.
    pub why: &'static str,
    /// The property the broken thing violates (named, and in its cell).
    pub property: fn() -> Property,
}

/// Every cell broken on purpose, in the notebook's order.
pub const ON_PURPOSE: &[OnPurpose] = &[
    OnPurpose {
        lesson: "threading",
        cell: threading::cells::SHARED_COUNTER,
        why: "the racy counter reads, adds and writes back without a lock: threads overwrite \
              each other's adds, so it ends below threads × adds",
        property: racy_counter_exact,
    },
    OnPurpose {
        lesson: "producer-consumer",
        cell: producer_consumer::cells::LANES,
        why: "the two-lane queue keeps one lane per producer: nothing is lost or doubled, yet \
              a get can return b although put(a) returned before put(b) began, which no FIFO \
              queue allows",
        property: lanes_linearizable,
    },
];

/// The properties broken on purpose in `lesson`'s cell `cell`.
pub fn in_cell(lesson: &str, cell: &str) -> Vec<&'static OnPurpose> {
    ON_PURPOSE
        .iter()
        .filter(|o| o.lesson == lesson && o.cell == cell)
        .collect()
}

/// The threading lesson's racy counter, held to what the Mutex counter keeps.
fn racy_counter_exact() -> Property {
    Property::new("racy-counter-exact", Rule::fold(RacyCount::default))
        .in_cell(threading::cells::SHARED_COUNTER)
}

/// The racy counter ends at threads * adds: main's first `count racy expected=N got=M`
/// says so. Its state: that event's line and its two numbers, once it came.
#[derive(Default)]
struct RacyCount {
    found: Option<(usize, String, String)>,
}

impl Fold for RacyCount {
    fn line(&mut self, l: &Line) {
        if self.found.is_some() {
            return;
        }
        let e = &l.event;
        let rest = (e.actor == "main" && e.kind == threading::kinds::COUNT)
            .then(|| e.value.strip_prefix("racy expected="))
            .flatten();
        if let Some((want, got)) = rest.and_then(|r| r.split_once(" got=")) {
            self.found = Some((l.no, want.to_owned(), got.to_owned()));
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str = "the racy counter ends at threads * adds, like the Mutex one";
        match self.found {
            Some((_, want, got)) if want == got => Outcome::Held,
            Some((at, want, got)) => violated(
                "counter",
                S,
                format!("the racy counter at {want}"),
                format!("the racy counter at {got}"),
                vec![at],
            ),
            None => violated("counter", S, "a racy count".into(), "none".into(), vec![]),
        }
    }
}

/// The two-lane queue judged as a FIFO queue.
fn lanes_linearizable() -> Property {
    Property::new("linearizable", linear::linearizable(Model::Fifo))
        .in_cell(producer_consumer::cells::LANES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleaving::{LessonSpec, Trace, check_lesson};

    fn counter_trace(got: u64) -> Trace {
        Trace::from_steps([
            ("lesson", "lesson", "threading".to_owned()),
            (
                "lesson",
                "cell",
                threading::cells::SHARED_COUNTER.to_owned(),
            ),
            ("lesson", "knob", String::new()),
            ("main", "count", format!("racy expected=8 got={got}")),
            ("lesson", "end", "threading".to_owned()),
        ])
    }

    #[test]
    fn the_racy_counter_property_fails_on_a_lost_update_and_holds_without() {
        let spec = LessonSpec::new("threading", [threading::cells::SHARED_COUNTER]);
        let p = [racy_counter_exact()];
        let lost = check_lesson(&counter_trace(5), &spec, &p);
        let v = lost.violations().next().expect("violated");
        assert_eq!(v.property, "racy-counter-exact");
        assert!(v.to_string().contains("the racy counter at 5"), "{v}");
        assert!(check_lesson(&counter_trace(8), &spec, &p).is_ok());
    }

    #[test]
    fn the_two_lane_order_pattern_is_not_linearizable() {
        let t = Trace::from_steps([
            ("lesson", "lesson", "producer-consumer"),
            ("lesson", "cell", producer_consumer::cells::LANES),
            ("lesson", "knob", ""),
            ("p1", "call", "put a"),
            ("p1", "ret", "put ok"),
            ("p2", "call", "put b"),
            ("p2", "ret", "put ok"),
            ("c", "call", "get"),
            ("c", "ret", "get b"),
            ("c", "call", "get"),
            ("c", "ret", "get a"),
            ("lesson", "end", "producer-consumer"),
        ]);
        let spec = LessonSpec::new("producer-consumer", [producer_consumer::cells::LANES]);
        let r = check_lesson(&t, &spec, &[lanes_linearizable()]);
        assert_eq!(
            r.violations()
                .map(|v| v.property.as_str())
                .collect::<Vec<_>>(),
            ["linearizable"]
        );
    }

    #[test]
    fn every_cell_broken_on_purpose_exists() {
        for o in ON_PURPOSE {
            let demo = crate::demos::find(o.lesson).expect(o.lesson);
            assert!(
                (demo.spec)().cells.iter().any(|c| c == o.cell),
                "{}",
                o.cell
            );
        }
    }
}
