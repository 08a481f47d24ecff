//! `cargo xtask timeline NAME`: one run drawn as an SVG (plotters), a lane per actor, each
//! event a mark at its `t_ns` (on a log-compressed axis, so that microseconds and
//! milliseconds both show: the gap between two events grows with the log of the time between
//! them), with arrows for what happened-before what (start -> first event, last event ->
//! join, put -> get of the same value), bars for intervals ([`crate::intervals`]) and a dashed
//! line where each cell begins. Readable in any browser, no tool needed.

use std::collections::HashMap;

use anyhow::anyhow;
use interleaving::{Line, Trace, kinds};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::FontTransform;

use crate::intervals::{self, Kind};

const LEFT: i32 = 130;
const TOP: i32 = 130;
const LANE: i32 = 120;
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
    let mut used_puts = vec![false; lines.len()];
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
            "get" => {
                let put = (0..i).find(|&j| {
                    !used_puts[j] && lines[j].event.kind == "put" && lines[j].event.value == e.value
                });
                if let Some(j) = put {
                    used_puts[j] = true;
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

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn<'a> = Result<(), DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>>;

/// The picture being drawn, in pixels: where times and lanes go.
struct Page<'p, 'a> {
    root: &'p Area<'a>,
    at: &'p HashMap<u64, i32>,
    lane_of: &'p HashMap<&'p str, i32>,
    width: i32,
    height: i32,
}

const INK: RGBColor = RGBColor(0x2c, 0x3e, 0x50);
const GREY: RGBColor = RGBColor(0x88, 0x88, 0x88);
const ARROW: RGBColor = RGBColor(0xc0, 0x39, 0x2b);

fn font(size: u32, color: RGBColor) -> TextStyle<'static> {
    ("monospace", size).into_font().color(&color)
}

fn bold(size: u32) -> TextStyle<'static> {
    ("monospace", size, FontStyle::Bold)
        .into_font()
        .color(&BLACK)
}

impl Page<'_, '_> {
    fn x(&self, t: u64) -> i32 {
        self.at.get(&t).copied().unwrap_or(LEFT)
    }

    /// The middle of `actor`'s lane.
    fn y(&self, actor: &str) -> i32 {
        TOP + self.lane_of.get(actor).copied().unwrap_or(0) * LANE + LANE / 2
    }

    fn draw(&self, trace: &Trace, title: &str, actors: &[&str], gaps: &[(i32, u64)]) -> Drawn<'_> {
        let root = self.root;
        root.fill(&WHITE)?;
        let (t0, t1) = span(&trace.lines);
        root.draw(&Text::new(title.to_owned(), (10, 10), bold(18)))?;
        root.draw(&Text::new(
            format!(
                "{} events, {:.3} ms from first to last (time runs left to right, gaps \
                 log-compressed); red arrows: happens-before (start, join, put→get)",
                trace.lines.len(),
                (t1 - t0) as f64 / 1e6
            ),
            (10, 36),
            font(13, RGBColor(0x55, 0x55, 0x55)),
        ))?;
        for (i, a) in actors.iter().enumerate() {
            let top = TOP + i as i32 * LANE;
            let fill = if i % 2 == 0 {
                RGBColor(0xf4, 0xf6, 0xf8)
            } else {
                WHITE
            };
            root.draw(&Rectangle::new(
                [(0, top), (self.width, top + LANE)],
                fill.filled(),
            ))?;
            let mid = top + LANE / 2;
            root.draw(&PathElement::new(
                vec![(LEFT, mid), (self.width - 20, mid)],
                RGBColor(0xbb, 0xbb, 0xbb),
            ))?;
            root.draw(&Text::new((*a).to_owned(), (10, mid - 6), bold(14)))?;
        }
        for (gx, dt) in gaps {
            let text = format!("+{:.1} ms", *dt as f64 / 1e6);
            root.draw(&Text::new(text, (*gx - 20, TOP - 18), font(12, GREY)))?;
        }
        self.cells(&trace.lines)?;
        self.bars(trace)?;
        self.arrows(trace)?;
        self.marks(&trace.lines)
    }

    /// A dashed line and the cell's name where each cell begins.
    fn cells(&self, lines: &[Line]) -> Drawn<'_> {
        for l in lines.iter().filter(|l| l.event.kind == kinds::CELL) {
            let cx = self.x(l.event.t_ns);
            self.root.draw(&DashedPathElement::new(
                [(cx, TOP), (cx, self.height - 30)],
                4,
                3,
                GREY,
            ))?;
            let name = format!("cell {}", l.event.value);
            self.root
                .draw(&Text::new(name, (cx + 3, self.height - 26), font(12, GREY)))?;
        }
        Ok(())
    }

    /// Lives as a band along the lane; operations as a bar under it, with their label.
    fn bars(&self, trace: &Trace) -> Drawn<'_> {
        for b in intervals::bars(trace) {
            let (x1, cy) = (self.x(b.from), self.y(&b.actor));
            let x2 = self.x(b.to).max(x1 + 2);
            let (fill, edge, band) = match b.kind {
                Kind::Life => (
                    RGBColor(0xa9, 0xdf, 0xbf),
                    RGBColor(0x52, 0xbe, 0x80),
                    (-4, 4),
                ),
                Kind::Op => (
                    RGBColor(0x5d, 0xad, 0xe2),
                    RGBColor(0x21, 0x61, 0x8c),
                    (8, 17),
                ),
                Kind::BadOp => (
                    RGBColor(0xe7, 0x4c, 0x3c),
                    RGBColor(0x92, 0x2b, 0x21),
                    (8, 17),
                ),
            };
            let corners = [(x1, cy + band.0), (x2, cy + band.1)];
            self.root
                .draw(&Rectangle::new(corners, fill.mix(0.75).filled()))?;
            self.root.draw(&Rectangle::new(corners, edge))?;
            if !b.label.is_empty() {
                self.root
                    .draw(&Text::new(b.label, (x1, cy + 20), font(12, edge)))?;
            }
        }
        Ok(())
    }

    /// The happens-before arrows: a line and a head.
    fn arrows(&self, trace: &Trace) -> Drawn<'_> {
        for a in arrows(&trace.lines) {
            let (f, t) = (&trace.lines[a.from].event, &trace.lines[a.to].event);
            let from = (self.x(f.t_ns), self.y(&f.actor));
            let to = (self.x(t.t_ns), self.y(&t.actor));
            self.root
                .draw(&PathElement::new(vec![from, to], ARROW.stroke_width(1)))?;
            self.root
                .draw(&Polygon::new(head(from, to), ARROW.filled()))?;
        }
        Ok(())
    }

    /// A dot per event, with its kind and value written upwards above it.
    fn marks(&self, lines: &[Line]) -> Drawn<'_> {
        for l in lines.iter().filter(|l| l.event.kind != kinds::CELL) {
            let e = &l.event;
            let (cx, cy) = (self.x(e.t_ns), self.y(&e.actor));
            self.root.draw(&Circle::new((cx, cy), 4, INK.filled()))?;
            let label = if e.value.is_empty() {
                e.kind.clone()
            } else {
                format!("{} {}", e.kind, short(&e.value, 12))
            };
            let up = font(12, INK).transform(FontTransform::Rotate270);
            self.root.draw(&Text::new(label, (cx - 6, cy - 8), up))?;
        }
        Ok(())
    }
}

/// The first and last time in the trace (never the same, so a span is never 0).
fn span(lines: &[Line]) -> (u64, u64) {
    let t0 = lines.iter().map(|l| l.event.t_ns).min().unwrap_or(0);
    let t1 = lines.iter().map(|l| l.event.t_ns).max().unwrap_or(0);
    (t0, t1.max(t0 + 1))
}

/// An arrowhead: a small triangle at `to`, pointing away from `from`.
fn head(from: (i32, i32), to: (i32, i32)) -> Vec<(i32, i32)> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let len = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (bx, by) = (f64::from(to.0) - 7.0 * ux, f64::from(to.1) - 7.0 * uy);
    let side = |s: f64| ((bx - 3.5 * s * uy) as i32, (by + 3.5 * s * ux) as i32);
    vec![to, side(1.0), side(-1.0)]
}

fn short(v: &str, max: usize) -> String {
    let flat = v.replace('\n', "⏎");
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
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
