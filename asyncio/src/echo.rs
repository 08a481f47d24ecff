//! `asyncio.start_server` as a tokio TCP echo server: one task per connection, a line in, the
//! same line out, and a graceful shutdown that finishes every echo already begun.
//!
//! The protocol: the client sends a line of UTF-8 ending in `\n`, at most [`MAX_LINE`] bytes;
//! the server sends it back. Garbage (not UTF-8, or too long) gets one `error: ...` line and
//! the connection closed; a client that disconnects in the middle of a line is noted and
//! forgotten. Neither disturbs any other connection: each has its own task, and a task's
//! error ends only that task.
//!
//! ```
//! use std::sync::Arc;
//! use asyncio::echo;
//! use interleaving::Actor;
//! let rt = asyncio::runtime::current_thread().unwrap();
//! rt.block_on(async {
//!     let listener = echo::bind(0).await.unwrap(); // 127.0.0.1, any free port
//!     let addr = listener.local_addr().unwrap();
//!     let (stop, stopping) = tokio::sync::watch::channel(echo::Stop::Serving);
//!     let server = tokio::spawn(echo::serve(
//!         listener,
//!         stopping,
//!         Arc::new(Actor::new("server")),
//!         echo::Limits::default(),
//!     ));
//!     let me = Actor::new("client-0");
//!     assert_eq!(echo::echo_once(addr, "hello", &me).await.unwrap(), "hello");
//!     stop.send(echo::Stop::Drain).unwrap();
//!     let stats = server.await.unwrap();
//!     assert_eq!(stats.echoed, 1);
//! });
//! ```

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use interleaving::Actor;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::timeout;

use crate::kinds;

/// The longest line the server accepts, newline included.
pub const MAX_LINE: usize = 1024;
/// How long a line, once begun, may take to arrive before the server gives up on it.
pub const LINE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a client waits to connect, or for its echo.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a shutdown waits for the connections in flight before it cuts them.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a connection may stay idle (no line begun) before the server closes it.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// What went wrong on either side of the echo protocol.
#[derive(Debug, thiserror::Error)]
pub enum EchoError {
    /// The port could not be bound (Python: `OSError: [Errno 98] Address already in use`).
    // The source is not in the message: `{:#}` prints the chain, which would say it twice.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why not.
        source: io::Error,
    },
    /// A read or write failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// Nothing came in time (Python: `asyncio.TimeoutError`).
    #[error("TimeoutError: no answer within {0:?}")]
    Timeout(Duration),
    /// The echo was not what was sent.
    #[error("sent {sent:?}, got {got:?} back")]
    Mismatch {
        /// The line sent.
        sent: String,
        /// What came back.
        got: String,
    },
}

/// What a server did, counted when it stopped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServeStats {
    /// Connections accepted.
    pub accepted: u64,
    /// Lines echoed.
    pub echoed: u64,
    /// Inputs refused (garbage, partial lines, lines too long).
    pub rejected: u64,
    /// Connections still open when the shutdown came (idle ones are closed, busy ones finish).
    pub in_flight_at_shutdown: u64,
    /// Connections closed for staying idle longer than [`Limits::idle`].
    pub idle_closed: u64,
    /// Connections cut in the middle of a line: at the drain timeout, or by [`Stop::Now`].
    pub cut: u64,
}

/// How many connections may wait to be accepted. `asyncio.start_server` defaults to 100 and
/// `TcpListener::bind` to 128; a thousand clients connecting at once overflow either, and the
/// overflow's SYNs are retried only after a second. The kernel caps it at `somaxconn`.
pub const BACKLOG: u32 = 4096;

/// Binds `127.0.0.1:port` (0: any free port) with a [`BACKLOG`]-deep accept queue. Loopback
/// only: the demo never listens beyond this machine. A port in use is an [`EchoError::Bind`]
/// that says so.
pub async fn bind(port: u16) -> Result<TcpListener, EchoError> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let bind_err = |source| EchoError::Bind { addr, source };
    let socket = TcpSocket::new_v4().map_err(bind_err)?;
    // As TcpListener::bind does: a restarted server may rebind a port whose old connections
    // linger in TIME_WAIT. (On Linux this never lets two servers listen on one port.)
    socket.set_reuseaddr(true).map_err(bind_err)?;
    socket.bind(addr).map_err(bind_err)?;
    socket.listen(BACKLOG).map_err(bind_err)
}

/// How far a shutdown has gone: what the server's `stopping` channel says. The first Ctrl-C
/// (or SIGTERM) asks for [`Stop::Drain`], a second one for [`Stop::Now`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stop {
    /// Serve: accept connections, echo lines.
    Serving,
    /// Stop accepting; let every line already begun finish (for at most the drain timeout);
    /// close idle connections.
    Drain,
    /// Cut every connection now, lines half-read included.
    Now,
}

/// The server's patience: how long a connection may sit idle, and how long a shutdown waits
/// for the lines in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// An idle connection (no line begun) is closed after this long, so that idle clients
    /// cannot hold every file descriptor while real ones wait (Python: none by default).
    pub idle: Duration,
    /// How long a shutdown waits for the lines in flight before it cuts their connections.
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle: IDLE_TIMEOUT,
            drain: DRAIN_TIMEOUT,
        }
    }
}

/// What the connections did, counted as they go: a connection cut at the drain timeout has
/// already counted what it did, so nothing it did is lost from the summary.
#[derive(Debug, Default)]
struct Counters {
    echoed: AtomicU64,
    rejected: AtomicU64,
    idle_closed: AtomicU64,
    cut: AtomicU64,
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// Serves until `stopping` says [`Stop::Drain`] (or its sender is dropped): accepts
/// connections, one task each, named `conn-1`, `conn-2`... Then it stops accepting, lets every
/// connection finish the echo it is in (idle ones close at once), waits for them (at most
/// `limits.drain`, or until [`Stop::Now`]), cuts the rest, and returns what it did. Events:
/// `listen`, `accept`, `shutdown`, `stopped` by `actor`; `echo`, `reject` and `exit` by each
/// connection (a cut one too: every accepted connection exits before the server stops).
pub async fn serve(
    listener: TcpListener,
    mut stopping: watch::Receiver<Stop>,
    actor: Arc<Actor>,
    limits: Limits,
) -> ServeStats {
    actor.emit(kinds::LISTEN, "127.0.0.1");
    let counters = Arc::new(Counters::default());
    let (cut, cutting) = watch::channel(false);
    let mut conns: JoinSet<()> = JoinSet::new();
    let mut stats = ServeStats::default();
    loop {
        tokio::select! {
            // biased: once asked to stop, accept nothing more.
            biased;
            _ = reached(&mut stopping, Stop::Drain) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    stats.accepted += 1;
                    let name = format!("conn-{}", stats.accepted);
                    actor.emit(kinds::ACCEPT, name.as_str());
                    let conn = Conn {
                        stopping: stopping.clone(),
                        cutting: cutting.clone(),
                        me: Actor::new(name),
                        idle: limits.idle,
                        counters: Arc::clone(&counters),
                    };
                    conns.spawn(handle(stream, conn));
                }
                // Out of file descriptors, a connection reset before accept: not fatal for the
                // server, only for that connection. Pause, so an fd shortage does not spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            // Reap finished connections as we go, so the set does not grow without bound.
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    // Reap the connections that already ended: the rest are really in flight.
    while conns.try_join_next().is_some() {}
    stats.in_flight_at_shutdown = conns.len() as u64;
    actor.emit(kinds::SHUTDOWN, format!("{} in flight", conns.len()));
    let drained = tokio::select! {
        biased;
        _ = reached(&mut stopping, Stop::Now) => false,
        done = timeout(limits.drain, join_all(&mut conns)) => done.is_ok(),
    };
    if !drained {
        // Each connection still reading a line gives up, says so and exits; a task that does
        // not within a second (it cannot: each waits on `cutting`) is aborted.
        let _ = cut.send(true);
        if timeout(Duration::from_secs(1), join_all(&mut conns))
            .await
            .is_err()
        {
            conns.abort_all();
        }
    }
    stats.echoed = counters.echoed.load(Ordering::Relaxed);
    stats.rejected = counters.rejected.load(Ordering::Relaxed);
    stats.idle_closed = counters.idle_closed.load(Ordering::Relaxed);
    stats.cut = counters.cut.load(Ordering::Relaxed);
    actor.emit(kinds::STOPPED, format!("{} connections", stats.accepted));
    stats
}

async fn join_all(conns: &mut JoinSet<()>) {
    while conns.join_next().await.is_some() {}
}

/// Resolves once the shutdown has gone as far as `level`. A dropped sender counts as a
/// request to drain (nobody is left to ask, so we stop rather than serve forever), never as
/// one to cut everything now.
async fn reached(stopping: &mut watch::Receiver<Stop>, level: Stop) {
    if stopping.wait_for(|stop| *stop >= level).await.is_err() && level > Stop::Drain {
        std::future::pending::<()>().await;
    }
}

/// What one connection's task needs besides its stream.
struct Conn {
    stopping: watch::Receiver<Stop>,
    cutting: watch::Receiver<bool>,
    me: Actor,
    idle: Duration,
    counters: Arc<Counters>,
}

/// One connection: echo line after line until the client closes, sends garbage, stays idle
/// too long, the server stops while this connection is idle, or the server cuts it.
async fn handle(mut stream: TcpStream, mut c: Conn) {
    let (read_half, mut write_half) = stream.split();
    let mut reader = BufReader::new(read_half);
    let why = loop {
        // Wait for the first byte of a line, or for a stop while idle. `fill_buf` is
        // cancellation-safe: if the stop wins, the bytes stay in the buffer, none is lost.
        // `read_until` is not (bytes it already took would vanish), so it only runs below,
        // once a line has begun, and is raced only against the cut, which ends the
        // connection anyway.
        let ready = tokio::select! {
            biased;
            filled = timeout(c.idle, reader.fill_buf()) => match filled {
                Ok(filled) => filled.map(|b| !b.is_empty()),
                Err(_) => {
                    bump(&c.counters.idle_closed);
                    break "closed: idle too long";
                }
            },
            _ = reached(&mut c.stopping, Stop::Drain) => break "closed idle at shutdown",
        };
        match ready {
            Ok(true) => {}
            Ok(false) => break "client closed",
            Err(_) => break "connection error",
        }
        let done = tokio::select! {
            biased;
            _ = c.cutting.wait_for(|cut| *cut) => {
                bump(&c.counters.cut);
                break "cut: the shutdown stopped waiting for this line";
            }
            done = one_line(&mut reader, &mut write_half, &c.me, &c.counters) => done,
        };
        if let Err(why) = done {
            break why;
        }
    };
    c.me.emit(interleaving::kinds::EXIT, why);
}

/// A line has begun: finish it, bounded in size and in time, then echo it (or refuse it and
/// say why). `Err` ends the connection.
async fn one_line(
    reader: &mut BufReader<tokio::net::tcp::ReadHalf<'_>>,
    write_half: &mut tokio::net::tcp::WriteHalf<'_>,
    me: &Actor,
    counters: &Counters,
) -> Result<(), &'static str> {
    let mut line = Vec::new();
    // At most MAX_LINE bytes, newline included: a line that has not ended by then is too long.
    let mut bounded = reader.take(MAX_LINE as u64);
    let read = timeout(LINE_TIMEOUT, bounded.read_until(b'\n', &mut line)).await;
    let reply = match read {
        Err(_) => Err("line unfinished after 2 s"),
        Ok(Err(_)) => Err("connection error mid-line"),
        Ok(Ok(_)) if !line.ends_with(b"\n") && line.len() >= MAX_LINE => Err("line too long"),
        Ok(Ok(_)) if !line.ends_with(b"\n") => Err("client left mid-line"),
        Ok(Ok(_)) => match std::str::from_utf8(&line) {
            Ok(text) => Ok(text.trim_end_matches(['\n', '\r']).to_owned()),
            Err(_) => Err("garbage (not UTF-8)"),
        },
    };
    match reply {
        Ok(text) => {
            // Say so before writing: once written, the client may report it at once.
            me.emit(kinds::ECHO, text);
            if write_half.write_all(&line).await.is_err() {
                return Err("client gone before its echo");
            }
            bump(&counters.echoed);
            Ok(())
        }
        Err(why) => {
            bump(&counters.rejected);
            me.emit(kinds::REJECT, why);
            // Say why, if the client still listens; then close this connection only.
            let _ = write_half
                .write_all(format!("error: {why}\n").as_bytes())
                .await;
            Err("rejected")
        }
    }
}

/// A client's one round trip: connect, send `line`, read the echo, check it (`send` and `recv`
/// events by `me`). Every wait is bounded by [`CLIENT_TIMEOUT`].
pub async fn echo_once(addr: SocketAddr, line: &str, me: &Actor) -> Result<String, EchoError> {
    let t = CLIENT_TIMEOUT;
    let mut stream = timeout(t, TcpStream::connect(addr))
        .await
        .map_err(|_| EchoError::Timeout(t))??;
    me.emit(kinds::SEND, line);
    let got = timeout(t, async {
        stream.write_all(format!("{line}\n").as_bytes()).await?;
        let mut reader = BufReader::new(&mut stream);
        let mut back = String::new();
        reader.read_line(&mut back).await?;
        Ok::<_, io::Error>(back)
    })
    .await
    .map_err(|_| EchoError::Timeout(t))??;
    let got = got.trim_end_matches(['\n', '\r']).to_owned();
    if got != line {
        return Err(EchoError::Mismatch {
            sent: line.to_owned(),
            got,
        });
    }
    me.emit(kinds::RECV, got.as_str());
    Ok(got)
}

/// A misbehaving client: sends `bytes` as they are, half-closes, and returns whatever the
/// server answers before it closes the connection (bounded by [`CLIENT_TIMEOUT`]).
pub async fn send_raw(addr: SocketAddr, bytes: &[u8]) -> Result<Vec<u8>, EchoError> {
    let t = CLIENT_TIMEOUT;
    timeout(t, async {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(bytes).await?;
        // Half-close: "I have nothing more to say". A client that disconnects in the middle
        // of a line looks like this to the server: bytes, then end of stream.
        stream.shutdown().await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok(answer)
    })
    .await
    .map_err(|_| EchoError::Timeout(t))?
}
