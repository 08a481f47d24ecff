//! `cargo xtask timeline NAME`: one run drawn as an SVG (plotters), a lane per actor, each
//! event a mark at its `t_ns` (on a log-compressed axis, so that microseconds and
//! milliseconds both show: the gap between two events grows with the log of the time between
//! them), with arrows for what happened-before what (start -> first event, last event ->
//! join, put -> get of the same value), bars for intervals ([`crate::intervals`]) and a dashed
//! line where each cell begins. Readable in any browser, no tool needed.

use std::collections::HashMap;

use anyhow::anyhow;
use interleaving::{Line, Trace, kinds};
use plotters::prelude::*;

use crate::timeline::page::Page;

/// Room for the actors' names, left of the first event.
pub const LEFT: i32 = 130;
/// Room for the title and the gap notes, above the first lane.
pub const TOP: i32 = 130;
/// The height of one actor's lane.
pub const LANE: i32 = 120;
/// Horizontal room every event gets, so labels do not sit on each other.
const STEP: f64 = 20.0;
/// Extra room per e-fold of microseconds between two events.
const PER_E_FOLD: f64 = 10.0;
/// A gap this long (200 µs) or longer gets its length written over it.
const NOTED_GAP_NS: u64 = 200_000;

/// One arrow: from trace line to trace line (indexes into `trace.lines`).
#[derive(Debug, PartialEq, Eq)]
pub struct Arrow {
    /// Where it starts.
    pub from: usize,
    /// Where it ends.
    pub to: usize,
    /// Why it is drawn (`start`, `join`, `put->get`).
    pub why: &'static str,
}

/// The happens-before arrows a learner should see in this trace.
pub fn arrows(lines: &[Line]) -> Vec<Arrow> {
    let mut out = Vec::new();
    // The puts not yet paired, by value, oldest first: each get takes the first (one pass).
    let mut puts: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        let e = &l.event;
        match e.kind.as_str() {
            kinds::START => {
                if let Some(j) = (i + 1..lines.len()).find(|&j| lines[j].event.actor == e.value) {
                    out.push(Arrow {
                        from: i,
                        to: j,
                        why: "start",
                    });
                }
            }
            kinds::JOIN => {
                if let Some(j) = (0..i).rev().find(|&j| lines[j].event.actor == e.value) {
                    out.push(Arrow {
                        from: j,
                        to: i,
                        why: "join",
                    });
                }
            }
            "put" => puts.entry(&e.value).or_default().push_back(i),
            "get" => {
                let put = puts.get_mut(e.value.as_str()).and_then(|q| q.pop_front());
                if let Some(j) = put {
                    out.push(Arrow {
                        from: j,
                        to: i,
                        why: "put->get",
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Where each distinct time goes on the x axis (pixels), the gaps worth a note (where, how
/// long in ns), and the x of the last event.
fn layout(lines: &[Line]) -> (HashMap<u64, i32>, Vec<(i32, u64)>, i32) {
    let mut times: Vec<u64> = lines.iter().map(|l| l.event.t_ns).collect();
    times.sort_unstable();
    times.dedup();
    let mut at = HashMap::new();
    let mut gaps = Vec::new();
    let mut pos = f64::from(LEFT) + 10.0;
    for (i, t) in times.iter().enumerate() {
        if i > 0 {
            let dt = t - times[i - 1];
            let room = STEP + PER_E_FOLD * (1.0 + dt as f64 / 1_000.0).ln();
            if dt >= NOTED_GAP_NS {
                gaps.push(((pos + room / 2.0) as i32, dt));
            }
            pos += room;
        }
        at.insert(*t, pos as i32);
    }
    (at, gaps, pos as i32)
}

/// The actors, in the order they first appear (the `lesson` actor's `cell` events are
/// boundaries, not marks).
fn actors(lines: &[Line]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for l in lines {
        if l.event.kind != kinds::CELL && !out.contains(&l.event.actor.as_str()) {
            out.push(&l.event.actor);
        }
    }
    out
}

/// Draws the trace as an SVG document. `title` goes on top.
pub fn render_svg(trace: &Trace, title: &str) -> anyhow::Result<String> {
    let lines = &trace.lines;
    let actors = actors(lines);
    let (at, gaps, last) = layout(lines);
    let width = (last + 160).max(1000 + LEFT) as u32;
    let height = (TOP + actors.len() as i32 * LANE + 40) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let lane_of: HashMap<&str, i32> = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (*a, i as i32))
            .collect();
        let page = Page {
            root: &root,
            at: &at,
            lane_of: &lane_of,
            width: width as i32,
            height: height as i32,
        };
        page.draw(trace, title, &actors, &gaps)
            .map_err(|e| anyhow!("drawing the timeline: {e}"))?;
        root.present()
            .map_err(|e| anyhow!("drawing the timeline: {e}"))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleaving::Event;

    fn trace() -> Trace {
        Trace::from_events([
            Event::new(0, 10, 1, "lesson", "cell", "q"),
            Event::new(0, 20, 1, "main", "start", "producer"),
            Event::new(0, 30, 1, "producer", "put", "0"),
            Event::new(1, 40, 1, "producer", "put", "0"),
            Event::new(0, 50, 1, "consumer", "get", "0"),
            Event::new(1, 60, 1, "consumer", "get", "0"),
            Event::new(1, 70, 1, "main", "join", "producer"),
        ])
    }

    #[test]
    fn arrows_pair_starts_joins_and_each_put_with_one_get() {
        let got = arrows(&trace().lines);
        assert_eq!(
            got,
            vec![
                Arrow {
                    from: 1,
                    to: 2,
                    why: "start"
                },
                Arrow {
                    from: 2,
                    to: 4,
                    why: "put->get"
                },
                Arrow {
                    from: 3,
                    to: 5,
                    why: "put->get"
                },
                Arrow {
                    from: 3,
                    to: 6,
                    why: "join"
                },
            ]
        );
    }

    #[test]
    fn svg_has_a_lane_per_actor_a_mark_per_event_and_escapes_values() {
        let mut t = trace();
        t.lines[0].event.value = "<&>".into();
        let svg = render_svg(&t, "producer & consumer").unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for lane in ["main", "producer", "consumer"] {
            assert_eq!(
                svg.matches(&format!(">\n{lane}\n</text>")).count(),
                1,
                "{lane}"
            );
        }
        assert_eq!(
            svg.matches("<circle").count(),
            6,
            "one mark per event, none for the cell"
        );
        assert_eq!(svg.matches("<polygon").count(), 4, "an arrowhead per arrow");
        assert!(svg.contains("producer &amp; consumer"));
        assert!(svg.contains(">\ncell &lt;&amp;&gt;\n</text>") && !svg.contains("<&>"));
        assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 4);
    }

    #[test]
    fn a_joined_actor_gets_a_bar_for_its_life() {
        let t = trace();
        let svg = render_svg(&t, "t").unwrap();
        // The producer's life (start..join): one filled band and its edge.
        let (x1, x2) = {
            let (at, _, _) = layout(&t.lines);
            (at[&20], at[&70])
        };
        assert!(x1 < x2);
        assert!(svg.contains(&format!("x=\"{x1}\"")), "{svg}");
    }
}
