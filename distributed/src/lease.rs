//! One lesson per key prefix: a lease on `PREFIX:lesson`, so that two lessons on one server
//! with the same `--stream` are refused instead of silently reading each other's entries.
//!
//! Two Python programs sharing a Celery queue by accident corrupt each other the same way;
//! nothing in Redis tells one stream user from another. So the lesson takes a lease first:
//! `SET PREFIX:lesson OWNER NX PX TTL` succeeds for one lesson only, a thread renews it while
//! the lesson runs, and it is given back at the end. A lesson that dies without giving it back
//! (SIGKILL, a lost machine) loses it [`TTL`] later, so its prefix is never locked for good.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::broker::connect;
use crate::error::BrokerError;

/// How long a lease outlives its last renewal (it is renewed every third of this).
pub const TTL: Duration = Duration::from_secs(5);

/// Renews the lease only if it is still ours (another lesson may hold it after an expiry).
const RENEW: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then \
                     return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
/// Gives the lease back only if it is still ours.
const GIVE_BACK: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then \
                         return redis.call('DEL', KEYS[1]) else return 0 end";

/// The key that holds the lease on a prefix.
pub fn key(prefix: &str) -> String {
    format!("{prefix}:lesson")
}

/// A lease this lesson holds on its key prefix; renewed while alive, given back when dropped.
#[derive(Debug)]
pub struct Lease {
    url: String,
    key: String,
    owner: String,
    stop: Arc<(Mutex<bool>, Condvar)>,
    renewer: Option<JoinHandle<()>>,
    /// Its entry in [`crate::cleanup`]: a Ctrl-C gives the lease back too.
    undo: u64,
}

/// Takes the lease on `prefix` at `url`, or says who holds it
/// ([`BrokerError::PrefixInUse`]).
pub fn take(url: &str, prefix: &str) -> Result<Lease, BrokerError> {
    let key = key(prefix);
    let owner = format!(
        "pid {} on {}",
        std::process::id(),
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_owned())
            .unwrap_or_else(|_| "this host".into())
    );
    let mut conn = connect(url)?;
    let ttl_ms = TTL.as_millis() as u64;
    let set: Option<String> = redis::cmd("SET")
        .arg(&key)
        .arg(&owner)
        .arg("NX")
        .arg("PX")
        .arg(ttl_ms)
        .query(&mut conn)
        .map_err(|e| BrokerError::redis(format!("SET {key} NX"), e))?;
    if set.is_none() {
        let holder: Option<String> = redis::cmd("GET")
            .arg(&key)
            .query(&mut conn)
            .map_err(|e| BrokerError::redis(format!("GET {key}"), e))?;
        return Err(BrokerError::PrefixInUse {
            prefix: prefix.to_owned(),
            holder: holder.unwrap_or_else(|| "a lesson that just ended".into()),
        });
    }
    let stop = Arc::new((Mutex::new(false), Condvar::new()));
    let renewer = {
        let (stop, key, owner) = (Arc::clone(&stop), key.clone(), owner.clone());
        std::thread::Builder::new()
            .name("lease".into())
            .spawn(move || renew(conn, &key, &owner, &stop))
            .ok()
    };
    let undo = {
        let (url, key, owner) = (url.to_owned(), key.clone(), owner.clone());
        crate::cleanup::own_undo(Box::new(move || give_back(&url, &key, &owner)))
    };
    Ok(Lease {
        url: url.to_owned(),
        key,
        owner,
        stop,
        renewer,
        undo,
    })
}

/// Deletes the lease's key if it is still `owner`'s.
fn give_back(url: &str, key: &str, owner: &str) {
    if let Ok(mut conn) = connect(url) {
        let _: redis::RedisResult<i64> = redis::cmd("EVAL")
            .arg(GIVE_BACK)
            .arg(1)
            .arg(key)
            .arg(owner)
            .query(&mut conn);
    }
}

/// Renews the lease every third of [`TTL`] until told to stop (or the server is gone: then
/// the lesson fails on its own commands, and the lease expires).
fn renew(mut conn: redis::Connection, key: &str, owner: &str, stop: &(Mutex<bool>, Condvar)) {
    let (lock, wake) = stop;
    let mut stopped = lock.lock().unwrap_or_else(|e| e.into_inner());
    while !*stopped {
        stopped = wake
            .wait_timeout(stopped, TTL / 3)
            .unwrap_or_else(|e| e.into_inner())
            .0;
        if *stopped {
            return;
        }
        let renewed: redis::RedisResult<i64> = redis::cmd("EVAL")
            .arg(RENEW)
            .arg(1)
            .arg(key)
            .arg(owner)
            .arg(TTL.as_millis() as u64)
            .query(&mut conn);
        if renewed.is_err() {
            return;
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if crate::cleanup::interrupted() {
            // The interrupt thread gives it back, after the workers that use it are gone.
            return;
        }
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(t) = self.renewer.take() {
            let _ = t.join();
        }
        crate::cleanup::disown_undo(self.undo);
        give_back(&self.url, &self.key, &self.owner);
    }
}
