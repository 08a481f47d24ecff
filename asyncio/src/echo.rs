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
//!     let (stop, stopping) = tokio::sync::watch::channel(false);
//!     let server = tokio::spawn(echo::serve(listener, stopping, Arc::new(Actor::new("server"))));
//!     let me = Actor::new("client-0");
//!     assert_eq!(echo::echo_once(addr, "hello", &me).await.unwrap(), "hello");
//!     stop.send(true).unwrap();
//!     let stats = server.await.unwrap();
//!     assert_eq!(stats.echoed, 1);
//! });
//! ```

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
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
/// How long a shutdown waits for the connections in flight before it drops them.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// What went wrong on either side of the echo protocol.
#[derive(Debug, thiserror::Error)]
pub enum EchoError {
    /// The port could not be bound (Python: `OSError: [Errno 98] Address already in use`).
    #[error("cannot listen on {addr}: {source}")]
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
}

/// How one connection ended.
#[derive(Debug, Clone, Copy, Default)]
struct ConnStats {
    echoed: u64,
    rejected: u64,
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

/// Serves until `stopping` turns true (or its sender is dropped): accepts connections, one
/// task each, named `conn-1`, `conn-2`... Then it stops accepting, lets every connection finish
/// the echo it is in (idle ones close at once), waits for them (at most [`DRAIN_TIMEOUT`]), and
/// returns what it did. Events: `listen`, `accept`, `shutdown`, `stopped` by `actor`; `echo`,
/// `reject` and `exit` by each connection.
pub async fn serve(
    listener: TcpListener,
    mut stopping: watch::Receiver<bool>,
    actor: Arc<Actor>,
) -> ServeStats {
    actor.emit(kinds::LISTEN, "127.0.0.1");
    let mut conns: JoinSet<ConnStats> = JoinSet::new();
    let mut stats = ServeStats::default();
    loop {
        tokio::select! {
            // biased: once asked to stop, accept nothing more.
            biased;
            _ = stop_requested(&mut stopping) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    stats.accepted += 1;
                    let name = format!("conn-{}", stats.accepted);
                    actor.emit(kinds::ACCEPT, name.as_str());
                    conns.spawn(handle(stream, stopping.clone(), Actor::new(name)));
                }
                // Out of file descriptors, a connection reset before accept: not fatal for the
                // server, only for that connection. Pause, so an fd shortage does not spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            // Reap finished connections as we go, so the set does not grow without bound.
            Some(done) = conns.join_next(), if !conns.is_empty() => add(&mut stats, done),
        }
    }
    drop(listener);
    // Reap the connections that already ended: the rest are really in flight.
    while let Some(done) = conns.try_join_next() {
        add(&mut stats, done);
    }
    stats.in_flight_at_shutdown = conns.len() as u64;
    actor.emit(kinds::SHUTDOWN, format!("{} in flight", conns.len()));
    let drained = timeout(DRAIN_TIMEOUT, async {
        while let Some(done) = conns.join_next().await {
            add(&mut stats, done);
        }
    })
    .await;
    if drained.is_err() {
        conns.abort_all();
    }
    actor.emit(kinds::STOPPED, format!("{} connections", stats.accepted));
    stats
}

fn add(stats: &mut ServeStats, done: Result<ConnStats, tokio::task::JoinError>) {
    if let Ok(c) = done {
        stats.echoed += c.echoed;
        stats.rejected += c.rejected;
    }
}

/// Resolves once a stop was requested. A dropped sender counts as a request: nobody is left to
/// ask, so we stop rather than serve forever.
async fn stop_requested(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
}

/// One connection: echo line after line until the client closes, sends garbage, or the server
/// stops while this connection is idle.
async fn handle(
    mut stream: TcpStream,
    mut stopping: watch::Receiver<bool>,
    me: Actor,
) -> ConnStats {
    let mut stats = ConnStats::default();
    let (read_half, mut write_half) = stream.split();
    let mut reader = BufReader::new(read_half);
    let why = loop {
        // Wait for the first byte of a line, or for a stop while idle. `fill_buf` is
        // cancellation-safe: if the stop wins, the bytes stay in the buffer, none is lost.
        // `read_until` is not (bytes it already took would vanish), so it only runs below,
        // once a line has begun, and is never raced against the stop.
        let ready = tokio::select! {
            biased;
            filled = reader.fill_buf() => filled.map(|b| !b.is_empty()),
            _ = stop_requested(&mut stopping) => break "closed idle at shutdown",
        };
        match ready {
            Ok(true) => {}
            Ok(false) => break "client closed",
            Err(_) => break "connection error",
        }
        // A line has begun: finish it, bounded in size and in time, then echo it.
        let mut line = Vec::new();
        let limit = (MAX_LINE + 1) as u64;
        let mut bounded = (&mut reader).take(limit);
        let read = timeout(LINE_TIMEOUT, bounded.read_until(b'\n', &mut line)).await;
        let reply = match read {
            Err(_) => Err("line unfinished after 2 s"),
            Ok(Err(_)) => Err("connection error mid-line"),
            Ok(Ok(_)) if !line.ends_with(b"\n") && line.len() > MAX_LINE => Err("line too long"),
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
                    break "client gone before its echo";
                }
                stats.echoed += 1;
            }
            Err(why) => {
                stats.rejected += 1;
                me.emit(kinds::REJECT, why);
                // Say why, if the client still listens; then close this connection only.
                let _ = write_half
                    .write_all(format!("error: {why}\n").as_bytes())
                    .await;
                break "rejected";
            }
        }
    };
    me.emit(interleaving::kinds::EXIT, why);
    stats
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
