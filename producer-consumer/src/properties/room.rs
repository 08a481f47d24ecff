//! The fold of [`put_waits_for_room`](super::put_waits_for_room). It keeps how many `getting`
//! events the consumer had, and the lines of those since the producer's current line began:
//! the producer's lines begin in order, so a `getting` before the line "Published k" began
//! is counted once and dropped.

use std::collections::VecDeque;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::{Item, Picker};
use interleaving::{Line, Outcome, Select};

use crate::kinds;

pub(super) struct Room {
    maxsize: usize,
    statement: String,
    published: Picker,
    any_published: bool,
    /// `getting` events before the line the last "Published" began.
    began_before: usize,
    /// Lines of the `getting` events since.
    recent: VecDeque<usize>,
    broken: Option<Outcome>,
}

impl Room {
    pub(super) fn new(maxsize: usize) -> Self {
        Room {
            maxsize,
            statement: format!(
                "with maxsize {maxsize}, \"Published k\" comes after the consumer began get number k-{maxsize}"
            ),
            published: Picker::new(&Select::lines().by("producer").value("Published *")),
            any_published: false,
            began_before: 0,
            recent: VecDeque::new(),
            broken: None,
        }
    }

    fn published(&mut self, p: Item) {
        self.any_published = true;
        if self.broken.is_some() {
            return;
        }
        while self.recent.front().is_some_and(|&no| no < p.first_line) {
            self.recent.pop_front();
            self.began_before += 1;
        }
        let Some(k) = p
            .value
            .strip_prefix("Published ")
            .and_then(|v| v.parse::<usize>().ok())
        else {
            self.broken = Some(violated(
                "bounded",
                &self.statement,
                "\"Published k\"".into(),
                p.quote(),
                vec![p.line],
            ));
            return;
        };
        let need = (k + 1).saturating_sub(self.maxsize);
        let began = self.began_before;
        if began < need {
            self.broken = Some(violated(
                "bounded",
                &self.statement,
                format!("{need} `getting` before line {}", p.first_line),
                format!("{began}: the producer got {} items ahead", k + 1 - began),
                vec![p.first_line],
            ));
        }
    }
}

impl Fold for Room {
    fn line(&mut self, l: &Line) {
        if l.event.kind == kinds::GETTING && l.event.actor == "consumer" {
            self.recent.push_back(l.no);
        }
        let mut picker = std::mem::replace(&mut self.published, Picker::new(&Select::any()));
        picker.line(l, &mut |p| self.published(p.to_item()));
        self.published = picker;
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let mut picker = std::mem::replace(&mut self.published, Picker::new(&Select::any()));
        picker.finish(&mut |p| self.published(p.to_item()));
        if !self.any_published {
            return violated(
                "bounded",
                &self.statement,
                "at least one \"Published\" line".into(),
                "none".into(),
                vec![],
            );
        }
        self.broken.unwrap_or(Outcome::Held)
    }
}
