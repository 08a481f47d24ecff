//! `cargo xtask timeline NAME`: one run drawn as an SVG, a lane per actor, each event at its
//! `t_ns` (on a log-compressed axis, so that microseconds and milliseconds both show: the gap
//! between two events grows with the log of the time between them), with arrows for what happened-before what (start -> first event, last event ->
//! join, put -> get of the same value). Readable in any browser, no tool needed.

use std::collections::HashMap;
use std::fmt::Write;

use interleaving::shorten::one_line;
use interleaving::{Line, Trace, kinds};

const LEFT: f64 = 130.0;
const TOP: f64 = 110.0;
const LANE: f64 = 84.0;
/// Horizontal room every event gets, so labels do not sit on each other.
const STEP: f64 = 20.0;
/// Extra room per e-fold of microseconds between two events.
const PER_E_FOLD: f64 = 10.0;

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

/// Draws the trace. `title` goes on top.
pub fn render_svg(trace: &Trace, title: &str) -> String {
    let lines: Vec<&Line> = trace.lines.iter().collect();
    let mut actors: Vec<&str> = Vec::new();
    for l in &lines {
        if l.event.kind != kinds::CELL && !actors.contains(&l.event.actor.as_str()) {
            actors.push(&l.event.actor);
        }
    }
    let lane_of: HashMap<&str, usize> = actors.iter().enumerate().map(|(i, a)| (*a, i)).collect();
    let t0 = lines.iter().map(|l| l.event.t_ns).min().unwrap_or(0);
    let t1 = lines
        .iter()
        .map(|l| l.event.t_ns)
        .max()
        .unwrap_or(0)
        .max(t0 + 1);
    let mut times: Vec<u64> = lines.iter().map(|l| l.event.t_ns).collect();
    times.sort_unstable();
    times.dedup();
    let mut at: HashMap<u64, f64> = HashMap::new();
    let mut gaps: Vec<(f64, u64)> = Vec::new();
    let mut pos = LEFT + 10.0;
    for (i, t) in times.iter().enumerate() {
        if i > 0 {
            let dt = t - times[i - 1];
            let room = STEP + PER_E_FOLD * (1.0 + dt as f64 / 1_000.0).ln();
            if dt >= 200_000 {
                gaps.push((pos + room / 2.0, dt));
            }
            pos += room;
        }
        at.insert(*t, pos);
    }
    let width = (pos - LEFT + 160.0).max(1000.0);
    let x = |t: u64| at.get(&t).copied().unwrap_or(LEFT);
    let y = |actor: &str| TOP + lane_of.get(actor).copied().unwrap_or(0) as f64 * LANE + LANE / 2.0;
    let height = TOP + actors.len() as f64 * LANE + 40.0;

    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" viewBox="0 0 {w} {height}" font-family="monospace" font-size="11">"##,
        w = LEFT + width
    );
    s.push_str(concat!(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">"##,
        r##"<path d="M 0 0 L 10 5 L 0 10 z" fill="#c0392b"/></marker></defs>"##,
        "\n",
        r##"<rect width="100%" height="100%" fill="white"/>"##,
        "\n"
    ));
    let _ = writeln!(
        s,
        r##"<text x="10" y="22" font-size="15" font-weight="bold">{}</text>"##,
        esc(title)
    );
    let _ = writeln!(
        s,
        r##"<text x="10" y="42" fill="#555">{} events, {:.3} ms from first to last (time runs left to right, gaps log-compressed); red arrows: happens-before (start, join, put→get)</text>"##,
        lines.len(),
        (t1 - t0) as f64 / 1e6
    );
    for (i, a) in actors.iter().enumerate() {
        let ly = TOP + i as f64 * LANE + LANE / 2.0;
        let fill = if i % 2 == 0 { "#f4f6f8" } else { "#ffffff" };
        let _ = writeln!(
            s,
            r##"<rect x="0" y="{}" width="{}" height="{LANE}" fill="{fill}"/><line x1="{LEFT}" y1="{ly}" x2="{}" y2="{ly}" stroke="#bbb"/><text x="10" y="{}" font-weight="bold">{}</text>"##,
            ly - LANE / 2.0,
            LEFT + width,
            LEFT + width - 20.0,
            ly + 4.0,
            esc(a)
        );
    }
    for (gx, dt) in &gaps {
        let _ = writeln!(
            s,
            r##"<text x="{gx:.1}" y="{}" fill="#888" text-anchor="middle">+{:.1} ms</text>"##,
            TOP - 4.0,
            *dt as f64 / 1e6
        );
    }
    for l in &lines {
        if l.event.kind == kinds::CELL {
            let cx = x(l.event.t_ns);
            let _ = writeln!(
                s,
                r##"<line x1="{cx}" y1="{TOP}" x2="{cx}" y2="{}" stroke="#888" stroke-dasharray="4 3"/><text x="{}" y="{}" fill="#888">cell {}</text>"##,
                height - 30.0,
                cx + 3.0,
                height - 18.0,
                esc(&l.event.value)
            );
        }
    }
    for a in arrows(&trace.lines) {
        let (f, t) = (&trace.lines[a.from].event, &trace.lines[a.to].event);
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#c0392b" stroke-width="1.3" marker-end="url(#arrow)"><title>{}</title></line>"##,
            x(f.t_ns),
            y(&f.actor),
            x(t.t_ns),
            y(&t.actor),
            a.why
        );
    }
    for l in &lines {
        let e = &l.event;
        if e.kind == kinds::CELL {
            continue;
        }
        let (cx, cy) = (x(e.t_ns), y(&e.actor));
        let label = if e.value.is_empty() {
            e.kind.clone()
        } else {
            format!("{} {}", e.kind, one_line(&e.value, 12))
        };
        let _ = writeln!(
            s,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="4" fill="#2c3e50"><title>line {}: {} {} {:?} (t={} ns, pid {})</title></circle><text x="{cx:.1}" y="{:.1}" transform="rotate(-45 {cx:.1} {:.1})">{}</text>"##,
            l.no,
            esc(&e.actor),
            esc(&e.kind),
            esc(&e.value),
            e.t_ns - t0,
            e.pid,
            cy - 8.0,
            cy - 8.0,
            esc(&label)
        );
    }
    s.push_str(&crate::intervals::draw(trace, &x, &y));
    s.push_str("</svg>\n");
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
    fn svg_has_a_lane_per_actor_and_escapes_values() {
        let mut t = trace();
        t.lines[0].event.value = "<&>".into();
        let svg = render_svg(&t, "producer & consumer");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for lane in ["main", "producer", "consumer"] {
            assert!(svg.contains(&format!(">{lane}</text>")), "{lane}");
        }
        assert!(svg.contains("producer &amp; consumer"));
        assert!(svg.contains("&lt;&amp;&gt;") && !svg.contains("<&>"));
        assert_eq!(svg.matches("marker-end").count(), 4);
    }
}
