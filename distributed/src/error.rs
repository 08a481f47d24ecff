//! What can go wrong talking to a broker, as types: each says what failed and what to do.
//!
//! Each message gives its cause once, in words ("connection refused: nothing listens there",
//! "no reply in time"), not the chain of the same `os error` that the layers below would
//! repeat: the Redis error stays in the value for a program to look at, out of the message.

use redis::{ErrorKind, RedisError};

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
    #[error("cannot reach Redis at {url}: {}", in_words(redis))]
    Unreachable {
        /// The URL given.
        url: String,
        /// Why, as the `redis` crate reported it.
        redis: RedisError,
    },
    /// The server answered, and refused us: it wants a password, or not this one.
    #[error("Redis at {url} refused us: {}", in_words(redis))]
    Refused {
        /// The URL given.
        url: String,
        /// The server's answer.
        redis: RedisError,
    },
    /// A command failed: the server went away mid-run, or answered with an error.
    #[error("{op} failed: {}", in_words(redis))]
    Command {
        /// The command, as Redis names it (`XREADGROUP lab:queue`).
        op: String,
        /// Redis's reason.
        redis: RedisError,
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
    /// Another lesson runs on this server with the same key prefix (`--stream`): the two
    /// would take each other's entries.
    #[error(
        "another lesson ({holder}) is using --stream {prefix} on this server: give this one \
         another --stream, or wait until that one ends"
    )]
    PrefixInUse {
        /// The key prefix.
        prefix: String,
        /// Who holds it, as it said when it took it (`pid 4242 on HOST`).
        holder: String,
    },
    /// The connection was lost and the server did not answer again within the bound: it is
    /// down, or it never came back after a restart.
    #[error(
        "Redis at {url} did not come back within {ms} ms ({tries} tries; last: {})",
        last.cause()
    )]
    Gone {
        /// The URL (its password hidden).
        url: String,
        /// How long the worker kept trying.
        ms: u64,
        /// How many times it tried.
        tries: u32,
        /// The last try's error.
        last: Box<BrokerError>,
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
    pub fn redis(op: impl Into<String>, redis: RedisError) -> Self {
        BrokerError::Command {
            op: op.into(),
            redis,
        }
    }

    /// The cause alone, in words, without the URL or command that [`Display`] adds: what
    /// a message that already names them says of this error.
    ///
    /// [`Display`]: std::fmt::Display
    pub fn cause(&self) -> String {
        match self {
            BrokerError::Unreachable { redis, .. }
            | BrokerError::Refused { redis, .. }
            | BrokerError::Command { redis, .. } => in_words(redis),
            other => other.to_string(),
        }
    }

    /// A failure to connect to `url` (or of the first command there): refused by a server
    /// that answered, or unreachable.
    pub fn at(url: &str, redis: RedisError) -> Self {
        let url = without_password(url);
        if refusal(&redis) {
            BrokerError::Refused { url, redis }
        } else {
            BrokerError::Unreachable { url, redis }
        }
    }
}

/// `url` with its password, if any, replaced by `***`: an error message gets printed and
/// logged, a password must not be.
pub(crate) fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or("", |(u, _)| u);
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

/// Whether the server answered and refused us (a password wanted, or a wrong one).
fn refusal(e: &RedisError) -> bool {
    e.kind() == ErrorKind::AuthenticationFailed
        || matches!(e.code(), Some("NOAUTH" | "WRONGPASS" | "NOPERM"))
}

/// A Redis error's cause, once, in words.
fn in_words(e: &RedisError) -> String {
    let detail = e.detail().unwrap_or("").trim();
    match e.code() {
        Some("NOAUTH") => {
            return "it wants a password (NOAUTH): give it in the URL, \
                    redis://:PASSWORD@HOST:PORT"
                .into();
        }
        Some("WRONGPASS") => return "wrong user name or password (WRONGPASS)".into(),
        _ => {}
    }
    if e.kind() == ErrorKind::AuthenticationFailed {
        return "wrong user name or password".into();
    }
    if e.is_connection_refusal() {
        return "connection refused: nothing listens there".into();
    }
    if e.is_timeout() {
        return "no reply in time (the read timed out)".into();
    }
    if e.kind() == ErrorKind::InvalidClientConfig {
        return "not a Redis URL (redis://HOST:PORT, or redis://:PASSWORD@HOST:PORT)".into();
    }
    if e.is_connection_dropped() {
        return "the server closed the connection".into();
    }
    match e.code() {
        Some(code) if detail.is_empty() => format!("the server answered {code}"),
        Some(code) => format!("the server answered {code} {detail}"),
        None => e.to_string(),
    }
}
