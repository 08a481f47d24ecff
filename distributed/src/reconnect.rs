//! A worker whose broker went away: it connects again, waiting a little longer after each
//! failed try, and gives up with one clear error once a bound has passed.
//!
//! Python's redis-py raises `ConnectionError` and leaves the retrying to you (or to a
//! `Retry(ExponentialBackoff())` you pass in); Celery and RQ workers reconnect on their own.
//! Here the bounds come from the lesson's knobs: the wait between tries doubles from 1 ms up
//! to `--min-idle-ms` (an entry the worker held is claimed by then anyway, so waiting longer
//! gains nothing), and after `--reconnect-ms` in all the worker ends with an error instead of
//! waiting for a broker that never comes back. The waits order nothing: a try succeeds when
//! the server answers, whenever that is.

use std::time::{Duration, Instant};

use crate::broker::Broker;
use crate::error::BrokerError;

/// How long to wait between tries, and when to give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The longest wait between two tries.
    pub cap: Duration,
    /// How long, in all, before giving up.
    pub within: Duration,
}

impl Backoff {
    /// The waits double from 1 ms up to `cap` (at least 1 ms); give up after `within`.
    pub fn new(cap: Duration, within: Duration) -> Self {
        Backoff {
            cap: cap.max(Duration::from_millis(1)),
            within,
        }
    }

    /// The wait after the `n`-th failed try (0-based): 1 ms, 2 ms, 4 ms, ... up to the cap.
    pub fn wait(&self, n: u32) -> Duration {
        Duration::from_millis(1u64 << n.min(20)).min(self.cap)
    }
}

/// Whether `e` says the connection is gone (the server died, restarts, or is still loading
/// its data), so that connecting again may help; an answer the server gave is not.
pub fn lost(e: &BrokerError) -> bool {
    match e {
        BrokerError::Unreachable { .. } => true,
        BrokerError::Command { redis, .. } => {
            redis.is_io_error()
                || redis.is_connection_dropped()
                || redis.is_connection_refusal()
                || redis.is_timeout()
                || redis.code() == Some("LOADING")
        }
        _ => false,
    }
}

/// A connection back to `stream` at `url`, tried until the server answers `PING` or
/// `backoff.within` has passed: the broker, and how many tries it took.
pub fn reconnect(url: &str, stream: &str, backoff: Backoff) -> Result<(Broker, u32), BrokerError> {
    let start = Instant::now();
    let mut tries = 0;
    loop {
        tries += 1;
        let last = match Broker::connect(url, stream).and_then(|mut b| b.ping().map(|()| b)) {
            Ok(b) => return Ok((b, tries)),
            Err(e) if lost(&e) => e,
            Err(e) => return Err(e),
        };
        let wait = backoff.wait(tries - 1);
        if start.elapsed() + wait > backoff.within {
            return Err(BrokerError::Gone {
                url: crate::error::without_password(url),
                ms: backoff.within.as_millis() as u64,
                tries,
                last: Box::new(last),
            });
        }
        // A pause between tries, not an order: the next try succeeds once the server is up.
        std::thread::sleep(wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_cap() {
        let b = Backoff::new(Duration::from_millis(10), Duration::from_secs(1));
        let waits: Vec<u64> = (0..6).map(|n| b.wait(n).as_millis() as u64).collect();
        assert_eq!(waits, [1, 2, 4, 8, 10, 10]);
        assert_eq!(b.wait(u32::MAX), Duration::from_millis(10));
    }

    #[test]
    fn a_server_that_never_comes_back_is_an_error_within_the_bound() {
        // A port nobody listens on: every try is refused at once.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let url = format!("redis://127.0.0.1:{port}/");
        let within = Duration::from_millis(200);
        let t = Instant::now();
        let e = reconnect(
            &url,
            "lab:x",
            Backoff::new(Duration::from_millis(20), within),
        )
        .unwrap_err();
        assert!(
            t.elapsed() >= within / 2 && t.elapsed() < within * 20,
            "{:?}",
            t.elapsed()
        );
        let text = e.to_string();
        assert!(text.contains("did not come back within 200 ms"), "{text}");
        assert!(text.contains("connection refused"), "{text}");
    }
}
