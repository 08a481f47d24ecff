//! One Redis stream and its consumer group, with `queue.Queue`'s verbs: [`Broker::put`] is
//! `XADD`, [`Broker::get`] is `XREADGROUP`, [`Broker::task_done`] is `XACK`.
//!
//! What changes from `queue.Queue`: a `get` does not remove the item. Redis keeps it in the
//! group's pending list, owned by the consumer that read it, until that consumer acknowledges
//! it. If the consumer dies first, the item is still there for another to claim
//! ([`Broker::claim`], `XAUTOCLAIM`): at-least-once delivery, the default past one machine.

use std::time::Duration;

use redis::streams::{
    StreamAutoClaimReply, StreamId, StreamInfoGroupsReply, StreamPendingReply, StreamRangeReply,
};
use redis::{Connection, FromRedisValue};

use crate::error::BrokerError;

/// The field every entry of ours carries, so a foreign entry is recognised, not processed.
pub const MARK: (&str, &str) = ("lab", "distributed");
/// The consumer group every worker joins.
pub const GROUP: &str = "workers";
/// How long a blocked read may take before the connection is considered dead.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What an entry carries: an item, or the end marker that tells one consumer to stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A piece of work.
    Item(String),
    /// The producer has no more (the notebook's sentinel `None`).
    End,
}

/// One entry of the stream, as a consumer read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its stream id, `MILLISECONDS-SEQUENCE`, given by the server: the order of the stream.
    pub id: String,
    /// What it carries.
    pub body: Body,
}

impl Entry {
    /// How the trace names this entry: `"ITEM ID"` (`"3 1732950000000-0"`), or `"end ID"`.
    pub fn tag(&self) -> String {
        match &self.body {
            Body::Item(item) => format!("{item} {}", self.id),
            Body::End => format!("end {}", self.id),
        }
    }
}

/// Opens one connection, with timeouts so a server that dies cannot hang us.
pub fn connect(url: &str) -> Result<Connection, BrokerError> {
    let unreachable = |e| BrokerError::at(url, e);
    let client = redis::Client::open(url).map_err(unreachable)?;
    let conn = client
        .get_connection_with_timeout(Duration::from_secs(2))
        .map_err(unreachable)?;
    conn.set_read_timeout(Some(READ_TIMEOUT))
        .map_err(unreachable)?;
    conn.set_write_timeout(Some(READ_TIMEOUT))
        .map_err(unreachable)?;
    Ok(conn)
}

/// A connection to one stream (a key such as `lab:queue`) and its group [`GROUP`].
pub struct Broker {
    conn: Connection,
    stream: String,
}

impl std::fmt::Debug for Broker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Broker")
            .field("stream", &self.stream)
            .finish()
    }
}

impl Broker {
    /// Connects to the server at `url`, for the stream `stream`.
    pub fn connect(url: &str, stream: &str) -> Result<Self, BrokerError> {
        Ok(Broker {
            conn: connect(url)?,
            stream: stream.to_owned(),
        })
    }

    /// `PING`: whether the server answers commands (not only accepts connections: one still
    /// loading its files answers `LOADING`).
    pub fn ping(&mut self) -> Result<(), BrokerError> {
        let _: String = self.query(&mut redis::cmd("PING"), "PING")?;
        Ok(())
    }

    /// The stream's key.
    pub fn stream(&self) -> &str {
        &self.stream
    }

    fn key(&self, suffix: &str) -> String {
        format!("{}:{suffix}", self.stream)
    }

    fn query<T: FromRedisValue>(
        &mut self,
        cmd: &mut redis::Cmd,
        op: &str,
    ) -> Result<T, BrokerError> {
        cmd.query(&mut self.conn)
            .map_err(|e| BrokerError::redis(format!("{op} {}", self.stream), e))
    }

    /// Makes the stream ready for a fresh run: refuses a key holding anything that is not
    /// ours, clears what an earlier run of ours left, and creates the group (`XGROUP CREATE
    /// ... MKSTREAM`), reading from the start.
    pub fn prepare(&mut self) -> Result<(), BrokerError> {
        let kind: String = self.query(redis::cmd("TYPE").arg(&self.stream), "TYPE")?;
        match kind.as_str() {
            "none" => {}
            "stream" => {
                let all: StreamRangeReply = self.query(
                    redis::cmd("XRANGE").arg(&self.stream).arg("-").arg("+"),
                    "XRANGE",
                )?;
                for e in &all.ids {
                    self.check_ours(e)?;
                }
            }
            other => {
                return Err(BrokerError::Foreign {
                    stream: self.stream.clone(),
                    id: "-".into(),
                    fields: format!("(a {other}, not a stream)"),
                });
            }
        }
        let keys = [
            self.stream.clone(),
            self.key("done"),
            self.key("results"),
            self.key("replies"),
            self.key("held"),
        ];
        let () = self.query(redis::cmd("DEL").arg(&keys), "DEL")?;
        self.ensure_group()
    }

    /// `XGROUP CREATE stream workers 0 MKSTREAM`, unless a worker that came first made it.
    fn ensure_group(&mut self) -> Result<(), BrokerError> {
        let made: redis::RedisResult<()> = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(&self.stream)
            .arg(GROUP)
            .arg("0")
            .arg("MKSTREAM")
            .query(&mut self.conn);
        match made {
            Err(e) if e.code() != Some("BUSYGROUP") => Err(BrokerError::redis(
                format!("XGROUP CREATE {}", self.stream),
                e,
            )),
            _ => Ok(()),
        }
    }

    fn check_ours(&self, e: &StreamId) -> Result<(), BrokerError> {
        if e.get::<String>(MARK.0).as_deref() == Some(MARK.1) {
            return Ok(());
        }
        let mut fields: Vec<&str> = e.map.keys().map(String::as_str).collect();
        fields.sort_unstable();
        Err(BrokerError::Foreign {
            stream: self.stream.clone(),
            id: e.id.clone(),
            fields: fields.join(","),
        })
    }

    fn entry(&self, e: &StreamId) -> Result<Entry, BrokerError> {
        self.check_ours(e)?;
        let body = match e.get::<String>("item") {
            Some(item) => Body::Item(item),
            None if e.contains_key("end") => Body::End,
            None => {
                return Err(BrokerError::Foreign {
                    stream: self.stream.clone(),
                    id: e.id.clone(),
                    fields: "no item".into(),
                });
            }
        };
        Ok(Entry {
            id: e.id.clone(),
            body,
        })
    }

    /// `XADD stream * lab distributed item ITEM`: Python's `q.put(item)`, returning the id the
    /// server gave the entry.
    pub fn put(&mut self, item: &str) -> Result<String, BrokerError> {
        let s = self.stream.clone();
        self.query(
            redis::cmd("XADD")
                .arg(&s)
                .arg("*")
                .arg(&[MARK, ("item", item)]),
            "XADD",
        )
    }

    /// Adds the end marker (the notebook's sentinel), returning its id.
    pub fn put_end(&mut self) -> Result<String, BrokerError> {
        let s = self.stream.clone();
        self.query(
            redis::cmd("XADD")
                .arg(&s)
                .arg("*")
                .arg(&[MARK, ("end", "1")]),
            "XADD",
        )
    }

    /// Pipelined `XADD`s, one per item, in one round trip: the ids, in the items' order.
    /// What a producer that batches sends; each entry is still its own `XADD`.
    pub fn put_many(&mut self, items: &[String]) -> Result<Vec<String>, BrokerError> {
        let mut pipe = redis::pipe();
        for item in items {
            pipe.cmd("XADD")
                .arg(&self.stream)
                .arg("*")
                .arg(&[MARK, ("item", item.as_str())]);
        }
        pipe.query(&mut self.conn)
            .map_err(|e| BrokerError::redis(format!("XADD (pipelined) {}", self.stream), e))
    }

    /// `XREADGROUP GROUP workers CONSUMER BLOCK ms COUNT 1 STREAMS stream >`: Python's
    /// `q.get(timeout=...)`, except that the entry stays pending, owned by `consumer`, until
    /// [`Broker::task_done`]. `None` when nothing new came within `block`. A zero `block`
    /// answers at once, as Python's `q.get(block=False)` (no `BLOCK`: Redis's `BLOCK 0` would
    /// wait forever).
    pub fn get(&mut self, consumer: &str, block: Duration) -> Result<Option<Entry>, BrokerError> {
        Ok(self.get_many(consumer, block, 1)?.into_iter().next())
    }

    /// [`Broker::get`] of up to `count` entries at once (`COUNT count`), in id order; empty
    /// when nothing new came within `block`.
    pub fn get_many(
        &mut self,
        consumer: &str,
        block: Duration,
        count: usize,
    ) -> Result<Vec<Entry>, BrokerError> {
        Ok(self.done_then_get(consumer, block, count)?.1)
    }

    /// [`Broker::is_done`], then [`Broker::get_many`], in one round trip (pipelined: the server
    /// runs them in that order). A worker needs both on every turn: an empty read means the
    /// group is drained only if the producer was done before it.
    pub fn done_then_get(
        &mut self,
        consumer: &str,
        block: Duration,
        count: usize,
    ) -> Result<(bool, Vec<Entry>), BrokerError> {
        let s = self.stream.clone();
        let mut pipe = redis::pipe();
        pipe.cmd("EXISTS").arg(self.key("done"));
        let read = pipe.cmd("XREADGROUP").arg("GROUP").arg(GROUP).arg(consumer);
        if !block.is_zero() {
            read.arg("BLOCK").arg(block.as_millis() as u64);
        }
        read.arg("COUNT").arg(count).arg("STREAMS").arg(&s).arg(">");
        let reply: redis::RedisResult<(usize, redis::Value)> = pipe.query(&mut self.conn);
        let (done, reply) = match reply {
            // A worker on another machine may start before the producer made the group (or
            // be blocked on it while the producer clears an old run's stream, UNBLOCKED): it
            // makes the group, and reads again like any worker that found nothing.
            Err(e) if no_group(&e) => {
                self.ensure_group()?;
                return Ok((false, Vec::new()));
            }
            r => r.map_err(|e| BrokerError::redis(format!("XREADGROUP {s}"), e))?,
        };
        Ok((done == 1, crate::stream_reply::entries(&s, reply)?))
    }

    /// `XAUTOCLAIM stream workers CONSUMER min-idle 0-0 COUNT 1`: takes over one entry that
    /// another consumer read but has not acknowledged for at least `min_idle` (it may have
    /// died). `None` when there is none.
    pub fn claim(
        &mut self,
        consumer: &str,
        min_idle: Duration,
    ) -> Result<Option<Entry>, BrokerError> {
        Ok(self.claim_many(consumer, min_idle, 1)?.into_iter().next())
    }

    /// [`Broker::claim`] of up to `count` idle entries at once (`COUNT count`).
    pub fn claim_many(
        &mut self,
        consumer: &str,
        min_idle: Duration,
        count: usize,
    ) -> Result<Vec<Entry>, BrokerError> {
        let s = self.stream.clone();
        let reply: redis::RedisResult<StreamAutoClaimReply> = redis::cmd("XAUTOCLAIM")
            .arg(&s)
            .arg(GROUP)
            .arg(consumer)
            .arg(min_idle.as_millis() as u64)
            .arg("0-0")
            .arg("COUNT")
            .arg(count)
            .query(&mut self.conn);
        let reply = match reply {
            Err(e) if matches!(e.code(), Some("NOGROUP" | "UNBLOCKED")) => {
                self.ensure_group()?;
                return Ok(Vec::new());
            }
            r => r.map_err(|e| BrokerError::redis(format!("XAUTOCLAIM {s}"), e))?,
        };
        reply.claimed.iter().map(|e| self.entry(e)).collect()
    }

    /// `XACK stream workers ID`: Python's `q.task_done()`. True if this call removed the
    /// entry from the pending list (false: it was acknowledged before).
    pub fn task_done(&mut self, id: &str) -> Result<bool, BrokerError> {
        let s = self.stream.clone();
        let n: usize = self.query(redis::cmd("XACK").arg(&s).arg(GROUP).arg(id), "XACK")?;
        Ok(n == 1)
    }

    /// [`Broker::task_done`] of many entries in one round trip: one `XACK` per id, pipelined,
    /// so each id gets its own answer. (One `XACK` of many ids is a little cheaper for the
    /// server, but replies with a count: after a claim, nobody could say which ids it removed,
    /// and the lesson names each entry's `ack` or `late-ack`.)
    pub fn task_done_each(&mut self, ids: &[&str]) -> Result<Vec<bool>, BrokerError> {
        let mut pipe = redis::pipe();
        for id in ids {
            pipe.cmd("XACK").arg(&self.stream).arg(GROUP).arg(*id);
        }
        let removed: Vec<usize> = pipe
            .query(&mut self.conn)
            .map_err(|e| BrokerError::redis(format!("XACK (pipelined) {}", self.stream), e))?;
        Ok(removed.into_iter().map(|n| n == 1).collect())
    }

    /// `XPENDING stream workers`: entries read and not yet acknowledged.
    pub fn pending(&mut self) -> Result<usize, BrokerError> {
        let s = self.stream.clone();
        let r: StreamPendingReply =
            self.query(redis::cmd("XPENDING").arg(&s).arg(GROUP), "XPENDING")?;
        Ok(r.count())
    }

    /// Entries added and not yet acknowledged: the group's `lag` (never read) plus its
    /// `pending` (read, not acknowledged), from `XINFO GROUPS`. Python's `q.qsize()` plus the
    /// items in the consumers' hands.
    pub fn backlog(&mut self) -> Result<usize, BrokerError> {
        let s = self.stream.clone();
        let r: StreamInfoGroupsReply =
            self.query(redis::cmd("XINFO").arg("GROUPS").arg(&s), "XINFO GROUPS")?;
        let g = r.groups.iter().find(|g| g.name == GROUP);
        match g {
            Some(g) => Ok(g.lag.unwrap_or(0) + g.pending),
            None => Ok(0),
        }
    }

    /// Says that no more items will come (`SET stream:done 1`): workers stop once they have
    /// seen it and the group is drained.
    pub fn set_done(&mut self) -> Result<(), BrokerError> {
        let k = self.key("done");
        self.query(redis::cmd("SET").arg(k).arg(1), "SET done")
    }

    /// Whether [`Broker::set_done`] was called.
    pub fn is_done(&mut self) -> Result<bool, BrokerError> {
        let k = self.key("done");
        let n: usize = self.query(redis::cmd("EXISTS").arg(k), "EXISTS done")?;
        Ok(n == 1)
    }

    /// The idempotent sink: `HSETNX stream:results ITEM VALUE` writes the result only if the
    /// item has none yet. True if this call wrote it.
    pub fn store_once(&mut self, item: &str, value: &str) -> Result<bool, BrokerError> {
        let k = self.key("results");
        let n: usize = self.query(redis::cmd("HSETNX").arg(k).arg(item).arg(value), "HSETNX")?;
        Ok(n == 1)
    }

    /// Sends one reply to whoever waits in [`Broker::next_reply`] (`RPUSH stream:replies`).
    pub fn reply(&mut self, text: &str) -> Result<(), BrokerError> {
        let k = self.key("replies");
        let _: usize = self.query(redis::cmd("RPUSH").arg(k).arg(text), "RPUSH replies")?;
        Ok(())
    }

    /// Waits for the next reply (`BLPOP stream:replies`), at most `timeout`.
    pub fn next_reply(&mut self, timeout: Duration) -> Result<String, BrokerError> {
        self.blpop("replies", timeout)
    }

    /// A worker told to die says which entry it holds (`RPUSH stream:held ID`).
    pub fn holding(&mut self, id: &str) -> Result<(), BrokerError> {
        let k = self.key("held");
        let _: usize = self.query(redis::cmd("RPUSH").arg(k).arg(id), "RPUSH held")?;
        Ok(())
    }

    /// Waits until a worker says it holds an entry ([`Broker::holding`]), at most `timeout`.
    pub fn wait_holding(&mut self, timeout: Duration) -> Result<String, BrokerError> {
        self.blpop("held", timeout)
    }

    /// `BLPOP` until a message comes or `timeout` (any length) has passed.
    fn blpop(&mut self, suffix: &str, timeout: Duration) -> Result<String, BrokerError> {
        let k = self.key(suffix);
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            // BLPOP's own timeout must end before the connection's read timeout does: wait
            // in slices shorter than it, as long as the caller asked.
            let slice = left.min(READ_TIMEOUT - Duration::from_secs(1));
            let got: Option<(String, String)> = self.query(
                redis::cmd("BLPOP")
                    .arg(&k)
                    .arg(slice.as_secs_f64().max(0.01)),
                "BLPOP",
            )?;
            if let Some((_, v)) = got {
                return Ok(v);
            }
            if std::time::Instant::now() >= deadline {
                return Err(BrokerError::Timeout {
                    what: format!("message on {k}"),
                    secs: timeout.as_secs_f64().ceil() as u64,
                });
            }
        }
    }
}

/// Whether `e` says the group is not there (`NOGROUP`, or `UNBLOCKED` when its stream was
/// deleted under a blocked read), directly or as the failing command of a pipeline (which
/// the `redis` crate reports without a code of its own).
fn no_group(e: &redis::RedisError) -> bool {
    let gone = |code: &str| matches!(code, "NOGROUP" | "UNBLOCKED");
    e.code().is_some_and(gone)
        || e.clone()
            .into_server_errors()
            .is_some_and(|errs| errs.iter().any(|(_, s)| gone(s.code())))
}
