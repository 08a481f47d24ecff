//! What can go wrong talking to a broker, as types: each says what failed and what to do.

/// An error from the broker or from starting one.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// No `redis-server` on `PATH`, and no `--redis URL` to use instead.
    #[error("{}", crate::server::MISSING)]
    NoServer,
    /// Our own `redis-server` did not start.
    #[error("starting redis-server: {0}")]
    Start(String),
    /// The server at the URL could not be reached (or the URL is not a Redis URL).
    #[error("cannot reach Redis at {url}: {source}")]
    Unreachable {
        /// The URL given.
        url: String,
        /// Why.
        source: redis::RedisError,
    },
    /// A command failed: the server went away mid-run, or answered with an error.
    #[error("{op} failed: {source}")]
    Command {
        /// The command, as Redis names it (`XREADGROUP lab:queue`).
        op: String,
        /// Redis's reason.
        source: redis::RedisError,
    },
    /// The stream holds an entry this lesson did not write: we will not touch someone else's
    /// data, and we cannot process it.
    #[error(
        "stream {stream} holds an entry this lesson did not write (id {id}, fields {fields}); \
         use an empty server or another --stream"
    )]
    Foreign {
        /// The stream's key.
        stream: String,
        /// The entry's stream id.
        id: String,
        /// Its field names.
        fields: String,
    },
    /// A reply we waited for did not come within its bound.
    #[error("no {what} within {secs} s")]
    Timeout {
        /// What we waited for.
        what: String,
        /// How long.
        secs: u64,
    },
}

impl BrokerError {
    /// A failed command, named as Redis names it.
    pub fn redis(op: impl Into<String>, source: redis::RedisError) -> Self {
        BrokerError::Command {
            op: op.into(),
            source,
        }
    }
}
