//! The timeline's picture (plotters, SVG), in pixels: lane backgrounds and names, cell
//! lines, bars, happens-before arrows, and a mark per event with its label written upwards.
//! [`crate::timeline`] decides where each time and lane goes; this draws there.

use std::collections::HashMap;

use interleaving::{Line, Trace, kinds};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::FontTransform;

use crate::intervals::{self, Kind};
use crate::timeline::{LANE, LEFT, TOP, arrows};

pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub type Drawn<'a> =
    Result<(), DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>>;

/// The picture being drawn, in pixels: where times and lanes go.
pub struct Page<'p, 'a> {
    /// Where to draw.
    pub root: &'p Area<'a>,
    /// The x of each time.
    pub at: &'p HashMap<u64, i32>,
    /// Each actor's lane, from the top.
    pub lane_of: &'p HashMap<&'p str, i32>,
    /// The picture's width.
    pub width: i32,
    /// The picture's height.
    pub height: i32,
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

    /// Draws everything: title, lanes, gaps, cells, bars, arrows, marks.
    pub fn draw(
        &self,
        trace: &Trace,
        title: &str,
        actors: &[&str],
        gaps: &[(i32, u64)],
    ) -> Drawn<'_> {
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
                format!(
                    "{} {}",
                    e.kind,
                    interleaving::shorten::one_line(&e.value, 12)
                )
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
