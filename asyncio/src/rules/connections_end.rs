//! Every connection the echo server accepted exits, before the server stops.

use std::collections::HashMap;

use interleaving::fold::Fold;
use interleaving::kinds::EXIT;
use interleaving::select::{Picked, Picker};
use interleaving::{Line, Outcome, Rule, Select};

use super::violated;
use crate::kinds::{ACCEPT, STOPPED};

/// "Every accepted connection exits, before the server stops". See [`ConnectionsEnd`].
pub(crate) fn connections_end() -> Rule {
    Rule::fold(ConnectionsEnd::new)
}

const STATEMENT: &str = "every accepted connection exits, before the server stops";

/// Its state: the line of the server's first `stopped`, once read; per connection that exited,
/// the line and quote of its first exit (a later `accept` of its name is judged by it); the
/// connections accepted and not yet exited (in flight); and, of the accepts found wrong so
/// far, the first in accept order, as that is the one reported.
pub(crate) struct ConnectionsEnd {
    pickers: Option<[Picker; 3]>,
    stop: Option<usize>,
    exits: HashMap<String, (usize, String)>,
    /// Accepted, not yet exited: (accept's rank, connection, accept's line).
    open: Vec<(usize, String, usize)>,
    accepts: usize,
    /// The first wrong accept so far: its rank, and how it was wrong.
    wrong: Option<(usize, Outcome)>,
}

impl ConnectionsEnd {
    fn new() -> Self {
        ConnectionsEnd {
            pickers: Some([
                Picker::new(&Select::kind(ACCEPT).by("server")),
                Picker::new(&Select::kind(STOPPED).by("server")),
                Picker::new(&Select::kind(EXIT).by("conn-*")),
            ]),
            stop: None,
            exits: HashMap::new(),
            open: Vec::new(),
            accepts: 0,
            wrong: None,
        }
    }

    fn take(&mut self, which: usize, p: Picked) {
        match which {
            0 => self.accepted(p),
            1 => {
                self.stop.get_or_insert(p.line);
            }
            _ => self.exited(p),
        }
    }

    fn accepted(&mut self, p: Picked) {
        let rank = self.accepts;
        self.accepts += 1;
        match self.exits.get(p.value.as_ref()) {
            Some((line, quote)) => {
                let (line, quote) = (*line, quote.clone());
                self.judge(rank, &p.value, line, quote);
            }
            None => self.open.push((rank, p.value.into_owned(), p.line)),
        }
    }

    fn exited(&mut self, p: Picked) {
        if self.exits.contains_key(p.actor) {
            return;
        }
        let quote = p.quote();
        self.exits
            .insert(p.actor.to_owned(), (p.line, quote.clone()));
        let done: Vec<_> = self
            .open
            .extract_if(.., |(_, name, _)| name == p.actor)
            .collect();
        for (rank, name, _) in done {
            self.judge(rank, &name, p.line, quote.clone());
        }
    }

    /// Accept number `rank` of `name`, whose first exit is at `line`: wrong if the server
    /// had stopped by then.
    fn judge(&mut self, rank: usize, name: &str, line: usize, quote: String) {
        let Some(stop) = self.stop.filter(|stop| line > *stop) else {
            return;
        };
        let v = violated(
            "connections-end",
            STATEMENT,
            format!("{name} exits before line {stop}"),
            format!("{quote} after the server stopped"),
            vec![line, stop],
        );
        self.wrong(rank, v);
    }

    fn wrong(&mut self, rank: usize, v: Outcome) {
        if self.wrong.as_ref().is_none_or(|(r, _)| rank < *r) {
            self.wrong = Some((rank, v));
        }
    }
}

impl Fold for ConnectionsEnd {
    fn line(&mut self, l: &Line) {
        let Some(mut pickers) = self.pickers.take() else {
            return;
        };
        for (which, picker) in pickers.iter_mut().enumerate() {
            picker.line(l, &mut |p| self.take(which, p));
        }
        self.pickers = Some(pickers);
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        if let Some(mut pickers) = self.pickers.take() {
            for (which, picker) in pickers.iter_mut().enumerate() {
                picker.finish(&mut |p| self.take(which, p));
            }
        }
        if self.stop.is_none() {
            return violated(
                "connections-end",
                STATEMENT,
                "a `stopped` by server".into(),
                "none in the trace".into(),
                vec![],
            );
        }
        // The first accepted and never exited, if it came before the first wrong one.
        if let Some((rank, name, line)) = self.open.first() {
            let v = violated(
                "connections-end",
                STATEMENT,
                format!("an exit by {name}"),
                "none: the connection was left behind".into(),
                vec![*line],
            );
            let rank = *rank;
            self.wrong(rank, v);
        }
        self.wrong.map_or(Outcome::Held, |(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use interleaving::{Outcome, Trace};

    use super::connections_end;

    fn got(steps: &[(&str, &str, &str)]) -> String {
        match connections_end().eval(&Trace::from_steps(steps.iter().copied()).lines) {
            Outcome::Violated(v) => v.got,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn the_first_accepted_connection_gone_wrong_is_the_one_reported() {
        let ok = [
            ("server", "accept", "conn-0"),
            ("conn-0", "exit", ""),
            ("server", "stopped", ""),
        ];
        assert_eq!(got(&ok), "Held");
        // conn-1 is found late at line 4, yet conn-0, accepted first, was never seen to exit.
        let steps = [
            ("server", "accept", "conn-0"),
            ("server", "accept", "conn-1"),
            ("server", "stopped", ""),
            ("conn-1", "exit", ""),
        ];
        assert_eq!(got(&steps), "none: the connection was left behind");
        let steps = [
            ("server", "accept", "conn-0"),
            ("server", "accept", "conn-1"),
            ("conn-1", "exit", ""),
            ("server", "stopped", ""),
            ("conn-0", "exit", ""),
        ];
        assert!(got(&steps).starts_with("line 5: exit"), "{}", got(&steps));
    }
}
