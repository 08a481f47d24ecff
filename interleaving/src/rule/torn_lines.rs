//! Observation: how many rebuilt lines were torn by another actor's output.

use std::collections::HashMap;

use crate::event::kinds;
use crate::read::Line;
use crate::select::rebuilt;

/// Counts rebuilt lines torn by another actor's output between their first and last piece.
pub fn torn_lines(lines: &[Line]) -> usize {
    // Output line numbers, all and per actor, each sorted: a line is torn when its span holds
    // more outputs than its own actor's. Two binary searches per line: n log n, not n².
    let mut all: Vec<usize> = Vec::new();
    let mut mine: HashMap<(&str, u32), Vec<usize>> = HashMap::new();
    for l in lines {
        if l.event.kind == kinds::PRINT || l.event.kind == kinds::WRITE {
            all.push(l.no);
            mine.entry((l.event.actor.as_str(), l.event.pid))
                .or_default()
                .push(l.no);
        }
    }
    let inside = |v: &[usize], from: usize, to: usize| {
        v.partition_point(|&n| n < to)
            .saturating_sub(v.partition_point(|&n| n <= from))
    };
    rebuilt(lines)
        .iter()
        .filter(|item| {
            let own = mine
                .get(&(item.actor, item.pid))
                .map_or(0, |v| inside(v, item.first_line, item.line));
            item.line > item.first_line + 1 && inside(&all, item.first_line, item.line) > own
        })
        .count()
}
