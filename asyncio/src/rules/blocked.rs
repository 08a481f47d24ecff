//! A ticker's ticks while another task blocks its thread: none when the blocking call runs on
//! the loop's only thread, some when it runs off the loop (`spawn_blocking`).

use interleaving::fold::Fold;
use interleaving::{Line, Outcome, Rule};

use super::violated;
use crate::kinds::{BLOCK, TICK, UNBLOCK};
use interleaving::shown::Shown;

/// "No tick by `ticker` between `who`'s block and unblock": the ticker's thread was frozen.
pub(crate) fn no_tick_while_blocked(who: &'static str, ticker: &'static str) -> Rule {
    Rule::fold(move || TicksWhileBlocked::new(who, ticker, frozen))
}

/// Observation: how many ticks `ticker` made between `who`'s block and unblock.
pub(crate) fn ticks_while_blocked(who: &'static str, ticker: &'static str) -> Rule {
    Rule::fold(move || TicksWhileBlocked::new(who, ticker, counted))
}

/// Its state: the lines of `who`'s first `block` and first `unblock`, once read, and the
/// ticks read between them (how many, and the lines of the first twenty).
pub(crate) struct TicksWhileBlocked {
    who: &'static str,
    ticker: &'static str,
    block: Option<usize>,
    unblock: Option<usize>,
    ticks: Shown<usize>,
    judge: fn(&Span) -> Outcome,
}

/// What was read: the block's and the unblock's lines, and the ticks between them.
pub(crate) struct Span {
    who: &'static str,
    ticker: &'static str,
    lines: (usize, usize),
    ticks: Shown<usize>,
}

impl TicksWhileBlocked {
    fn new(who: &'static str, ticker: &'static str, judge: fn(&Span) -> Outcome) -> Self {
        TicksWhileBlocked {
            who,
            ticker,
            block: None,
            unblock: None,
            ticks: Shown::default(),
            judge,
        }
    }
}

impl Fold for TicksWhileBlocked {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        let by_who = e.actor == self.who;
        if by_who && e.kind == BLOCK && self.block.is_none() {
            self.block = Some(l.no);
        }
        if by_who && e.kind == UNBLOCK && self.unblock.is_none() {
            self.unblock = Some(l.no);
        }
        // Between the two: after the block's line, and before the unblock's.
        let between = self.block.is_some() && self.unblock.is_none();
        if between && e.kind == TICK && e.actor == self.ticker {
            self.ticks.push(l.no);
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let (Some(block), Some(unblock)) = (self.block, self.unblock) else {
            return violated(
                "blocking",
                &format!("{} blocks, then unblocks", self.who),
                format!("a block and an unblock by {}", self.who),
                "missing".into(),
                vec![],
            );
        };
        (self.judge)(&Span {
            who: self.who,
            ticker: self.ticker,
            lines: (block, unblock),
            ticks: self.ticks,
        })
    }
}

fn frozen(span: &Span) -> Outcome {
    if span.ticks.is_empty() {
        return Outcome::Held;
    }
    violated(
        "no-tick-while-blocked",
        &format!(
            "no tick by {} between {}'s block and unblock",
            span.ticker, span.who
        ),
        "0 ticks while the only thread was blocked".into(),
        format!(
            "{} tick(s) between lines {} and {}",
            span.ticks.len(),
            span.lines.0,
            span.lines.1
        ),
        span.ticks.first().to_vec(),
    )
}

fn counted(span: &Span) -> Outcome {
    Outcome::Observed(format!("{} tick(s)", span.ticks.len()))
}
