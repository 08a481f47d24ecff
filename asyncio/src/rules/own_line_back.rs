//! Each echo-server client receives exactly the one line it sent.

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::select::{Picked, Picker};
use interleaving::{Line, Outcome, Rule, Select};

use super::violated;
use crate::kinds::{RECV, SEND};
use interleaving::shown::Shown;

/// "Each client receives exactly the one line it sent". See [`OwnLineBack`].
pub(crate) fn own_line_back() -> Rule {
    Rule::fold(OwnLineBack::new)
}

/// Its state, one record per client: what it sent and what it received (the first value,
/// how many, and the first twenty quoted with their lines). The first client to break the
/// rule is the first by name, so every client's record is kept to the end.
pub(crate) struct OwnLineBack {
    pickers: Option<(Picker, Picker)>,
    clients: BTreeMap<String, Client>,
    sends: usize,
}

/// What one client sent, and what it received.
#[derive(Default)]
struct Client {
    sent: Said,
    received: Said,
}

/// One side of a client's exchange.
#[derive(Default)]
struct Said {
    first: Option<String>,
    quotes: Shown<Quoted>,
}

/// An item as a message quotes it, and its line.
struct Quoted {
    line: usize,
    quote: String,
}

impl std::fmt::Display for Quoted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.quote)
    }
}

impl Said {
    fn take(&mut self, p: &Picked) {
        self.first
            .get_or_insert_with(|| p.value.clone().into_owned());
        self.quotes.push(Quoted {
            line: p.line,
            quote: p.quote(),
        });
    }

    /// Its value, if there was exactly one.
    fn only(&self) -> Option<&str> {
        if self.quotes.len() == 1 {
            self.first.as_deref()
        } else {
            None
        }
    }

    fn lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.quotes.first().iter().map(|q| q.line)
    }
}

impl OwnLineBack {
    fn new() -> Self {
        let by_clients = |kind| Picker::new(&Select::kind(kind).by("client-*"));
        OwnLineBack {
            pickers: Some((by_clients(SEND), by_clients(RECV))),
            clients: BTreeMap::new(),
            sends: 0,
        }
    }

    fn client(&mut self, name: &str) -> &mut Client {
        if !self.clients.contains_key(name) {
            self.clients.insert(name.to_owned(), Client::default());
        }
        self.clients.get_mut(name).expect("inserted above")
    }

    fn take_send(&mut self, p: Picked) {
        self.sends += 1;
        self.client(p.actor).sent.take(&p);
    }

    fn take_recv(&mut self, p: Picked) {
        self.client(p.actor).received.take(&p);
    }
}

impl Fold for OwnLineBack {
    fn line(&mut self, l: &Line) {
        let Some((mut sends, mut recvs)) = self.pickers.take() else {
            return;
        };
        sends.line(l, &mut |p| self.take_send(p));
        recvs.line(l, &mut |p| self.take_recv(p));
        self.pickers = Some((sends, recvs));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        if let Some((mut sends, mut recvs)) = self.pickers.take() {
            sends.finish(&mut |p| self.take_send(p));
            recvs.finish(&mut |p| self.take_recv(p));
        }
        let statement = "each client receives exactly the one line it sent";
        if self.sends == 0 {
            return violated(
                "own-line-back",
                statement,
                "at least one client".into(),
                "no send by any client".into(),
                vec![],
            );
        }
        for (name, c) in &self.clients {
            let ok = matches!((c.sent.only(), c.received.only()), (Some(s), Some(r)) if s == r);
            if !ok {
                return violated(
                    "own-line-back",
                    statement,
                    format!("{name}: one send and one recv of the same line"),
                    format!(
                        "sent [{}], received [{}]",
                        c.sent.quotes.joined("; "),
                        c.received.quotes.joined("; ")
                    ),
                    c.sent.lines().chain(c.received.lines()).collect(),
                );
            }
        }
        Outcome::Held
    }
}
