//! "Each notify(n) wakes at most n waiters, and no waiter wakes unnotified", as the
//! `notify` and `woke` events go by.

use interleaving::declare::field;
use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use crate::kinds as my;

/// Its state: how many wake-ups the notifies handed out, how many waiters woke, and the
/// first violation.
#[derive(Default)]
pub(super) struct AtMostN {
    handed_out: u64,
    woken: u64,
    broken: Option<Outcome>,
}

impl Fold for AtMostN {
    fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        let rule = "at-most-n-woken-per-notify";
        let statement = "each notify(n) wakes at most n waiters, and no waiter wakes unnotified";
        match l.event.kind.as_str() {
            my::NOTIFY => {
                let woke: u64 = field(&l.event.value, "woke")
                    .and_then(|w| w.parse().ok())
                    .unwrap_or(0);
                let n = field(&l.event.value, "n").unwrap_or_default();
                if let Ok(n) = n.parse::<u64>()
                    && woke > n
                {
                    self.broken = Some(violated(
                        rule,
                        statement,
                        format!("woke <= {n}"),
                        format!("woke={woke}"),
                        vec![l.no],
                    ));
                    return;
                }
                self.handed_out += woke;
            }
            my::WOKE => {
                self.woken += 1;
                if self.woken > self.handed_out {
                    self.broken = Some(violated(
                        rule,
                        statement,
                        format!("at most {} woken so far", self.handed_out),
                        format!("{} woken", self.woken),
                        vec![l.no],
                    ));
                }
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.broken.unwrap_or(Outcome::Held)
    }
}
