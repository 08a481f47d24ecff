//! The echo server on 127.0.0.1:0, at its edges. Every wait has a timeout: a hang fails.

use std::sync::Arc;
use std::time::Duration;

use asyncio::echo::{self, EchoError, Limits, ServeStats, Stop};
use interleaving::Actor;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::timeout;

const T: Duration = Duration::from_secs(10);

struct Running {
    addr: std::net::SocketAddr,
    stop: watch::Sender<Stop>,
    server: JoinHandle<ServeStats>,
}

async fn start() -> Running {
    start_with(Limits::default()).await
}

async fn start_with(limits: Limits) -> Running {
    let listener = echo::bind(0).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopping) = watch::channel(Stop::Serving);
    let server = tokio::spawn(echo::serve(
        listener,
        stopping,
        Arc::new(Actor::new("server")),
        limits,
    ));
    Running { addr, stop, server }
}

impl Running {
    async fn stop(self) -> ServeStats {
        self.stop.send(Stop::Drain).unwrap();
        timeout(T, self.server)
            .await
            .expect("the server stops")
            .unwrap()
    }
}

#[tokio::test]
async fn many_lines_on_one_connection_come_back_in_order() {
    let s = start().await;
    let stream = timeout(T, TcpStream::connect(s.addr))
        .await
        .unwrap()
        .unwrap();
    let (r, mut w) = stream.into_split();
    let mut lines = BufReader::new(r).lines();
    for i in 0..20 {
        w.write_all(format!("line {i}\n").as_bytes()).await.unwrap();
        let back = timeout(T, lines.next_line()).await.unwrap().unwrap();
        assert_eq!(back.as_deref(), Some(format!("line {i}").as_str()));
    }
    drop(w);
    let stats = s.stop().await;
    assert_eq!(stats.echoed, 20);
}

#[tokio::test]
async fn garbage_gets_an_error_and_the_server_keeps_serving() {
    let s = start().await;
    let answer = echo::send_raw(s.addr, b"\xff\xfe\xfd\n").await.unwrap();
    assert_eq!(answer, b"error: garbage (not UTF-8)\n");
    let me = Actor::new("client-after");
    assert_eq!(
        echo::echo_once(s.addr, "still here", &me).await.unwrap(),
        "still here"
    );
    let stats = s.stop().await;
    assert_eq!((stats.echoed, stats.rejected), (1, 1));
}

#[tokio::test]
async fn a_client_leaving_mid_line_crashes_nothing() {
    let s = start().await;
    let answer = echo::send_raw(s.addr, b"half a li").await.unwrap();
    assert_eq!(answer, b"error: client left mid-line\n");
    // Abruptly this time: connect, write, drop without a word.
    let mut rude = TcpStream::connect(s.addr).await.unwrap();
    rude.write_all(b"no newline").await.unwrap();
    drop(rude);
    let me = Actor::new("client-after");
    assert_eq!(echo::echo_once(s.addr, "fine", &me).await.unwrap(), "fine");
    let stats = s.stop().await;
    assert_eq!(stats.echoed, 1);
    assert_eq!(stats.accepted, 3);
}

#[tokio::test]
async fn a_line_too_long_is_refused() {
    let s = start().await;
    let long = vec![b'x'; echo::MAX_LINE * 4];
    let answer = echo::send_raw(s.addr, &long).await;
    // The server refuses after MAX_LINE bytes and closes; the rest of what we sent may turn
    // that close into a reset, so either answer is fine, as long as nothing was echoed.
    if let Ok(answer) = answer {
        assert!(
            answer.is_empty() || answer == b"error: line too long\n",
            "{answer:?}"
        );
    }
    let stats = s.stop().await;
    assert_eq!((stats.echoed, stats.rejected), (0, 1));
}

#[tokio::test]
async fn a_port_in_use_is_a_clear_error() {
    let held = echo::bind(0).await.unwrap();
    let port = held.local_addr().unwrap().port();
    let err = echo::bind(port).await.unwrap_err();
    assert!(matches!(err, EchoError::Bind { .. }));
    // As the binary prints it: the whole chain, which names the cause once.
    let text = format!("{:#}", anyhow::Error::from(err));
    assert!(
        text.starts_with(&format!("cannot listen on 127.0.0.1:{port}: ")),
        "{text}"
    );
    assert_eq!(text.matches("in use").count(), 1, "{text}");
}

#[tokio::test]
async fn a_line_of_max_line_bytes_with_its_newline_is_echoed_one_more_is_refused() {
    let s = start().await;
    let mut fits = vec![b'x'; echo::MAX_LINE - 1];
    fits.push(b'\n');
    let answer = echo::send_raw(s.addr, &fits).await.unwrap();
    assert_eq!(answer, fits, "MAX_LINE bytes, newline included, come back");
    let mut over = vec![b'y'; echo::MAX_LINE];
    over.push(b'\n');
    if let Ok(answer) = echo::send_raw(s.addr, &over).await {
        // The rest of what we sent may turn the server's close into a reset.
        assert!(
            answer.is_empty() || answer == b"error: line too long\n",
            "{answer:?}"
        );
    }
    let stats = s.stop().await;
    assert_eq!((stats.echoed, stats.rejected), (1, 1));
}

/// A connection that has had one line echoed and has begun another: the server has read the
/// second line's first bytes (they came in the same segment as the first line) when it
/// answers the first, so once we hold the answer the connection is surely mid-line.
async fn mid_line(addr: std::net::SocketAddr) -> TcpStream {
    let mut busy = timeout(T, TcpStream::connect(addr)).await.unwrap().unwrap();
    busy.write_all(b"one\nhalf a li").await.unwrap();
    let mut first = [0u8; 4];
    timeout(T, busy.read_exact(&mut first))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&first, b"one\n");
    busy
}

#[tokio::test]
async fn a_connection_cut_at_the_drain_timeout_is_counted_with_what_it_did() {
    let s = start_with(Limits {
        drain: Duration::from_millis(200),
        ..Limits::default()
    })
    .await;
    let mut busy = mid_line(s.addr).await;
    let stats = s.stop().await;
    assert_eq!(
        (
            stats.accepted,
            stats.in_flight_at_shutdown,
            stats.cut,
            stats.echoed
        ),
        (1, 1, 1, 1),
        "{stats:?}"
    );
    // The server closed it: end of stream, nothing more.
    let mut rest = Vec::new();
    let n = timeout(T, busy.read_to_end(&mut rest)).await.unwrap();
    assert!(matches!(n, Ok(0) | Err(_)), "{n:?} {rest:?}");
}

#[tokio::test]
async fn a_second_stop_ends_the_drain_at_once() {
    // A drain that would wait a minute: only the second request can end it within T.
    let s = start_with(Limits {
        drain: Duration::from_secs(60),
        ..Limits::default()
    })
    .await;
    let _busy = mid_line(s.addr).await;
    s.stop.send(Stop::Drain).unwrap();
    s.stop.send(Stop::Now).unwrap();
    let stats = timeout(T, s.server)
        .await
        .expect("the second stop ends the drain")
        .unwrap();
    assert_eq!(
        (stats.accepted, stats.cut, stats.echoed),
        (1, 1, 1),
        "{stats:?}"
    );
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let s = start_with(Limits {
        idle: Duration::from_millis(100),
        ..Limits::default()
    })
    .await;
    let mut idle = timeout(T, TcpStream::connect(s.addr))
        .await
        .unwrap()
        .unwrap();
    let mut rest = Vec::new();
    let n = timeout(T, idle.read_to_end(&mut rest))
        .await
        .expect("the server closes an idle connection")
        .unwrap();
    assert_eq!(n, 0);
    let stats = s.stop().await;
    assert_eq!((stats.accepted, stats.idle_closed), (1, 1), "{stats:?}");
}

#[tokio::test]
async fn shutdown_finishes_the_echo_in_flight_and_closes_idle_connections() {
    let s = start().await;
    let idle = TcpStream::connect(s.addr).await.unwrap();
    let mut busy = TcpStream::connect(s.addr).await.unwrap();
    // A line has begun, and is not finished when the shutdown comes.
    busy.write_all(b"in fli").await.unwrap();
    let me = Actor::new("client-probe");
    // A full round trip proves the server accepted all three connections before we stop.
    echo::echo_once(s.addr, "probe", &me).await.unwrap();
    s.stop.send(Stop::Drain).unwrap();
    busy.write_all(b"ght\n").await.unwrap();
    let mut back = String::new();
    timeout(T, BufReader::new(&mut busy).read_line(&mut back))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        back, "in flight\n",
        "the echo in flight was finished, not lost"
    );
    // The idle connection was closed by the server: reading gives end of stream.
    let mut idle = idle;
    let mut rest = Vec::new();
    let n = timeout(T, idle.read_to_end(&mut rest))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n, 0);
    drop(busy);
    let stats = timeout(T, s.server).await.unwrap().unwrap();
    assert_eq!(stats.echoed, 2);
    assert_eq!(stats.accepted, 3);
}

#[tokio::test]
async fn new_connections_are_refused_after_shutdown() {
    let s = start().await;
    let addr = s.addr;
    s.stop().await;
    let refused = timeout(T, TcpStream::connect(addr)).await.unwrap();
    assert!(
        refused.is_err(),
        "the listener is closed once the server stopped"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_clients_each_get_their_own_line() {
    let s = start().await;
    let clients: Vec<_> = (0..1000)
        .map(|i| {
            let addr = s.addr;
            tokio::spawn(async move {
                let me = Actor::new(format!("client-{i}"));
                echo::echo_once(addr, &format!("hello from client-{i}"), &me).await
            })
        })
        .collect();
    for (i, c) in clients.into_iter().enumerate() {
        assert_eq!(c.await.unwrap().unwrap(), format!("hello from client-{i}"));
    }
    let stats = s.stop().await;
    assert_eq!((stats.accepted, stats.echoed), (1000, 1000));
}

#[tokio::test]
async fn a_line_that_never_ends_is_given_up_after_the_line_timeout() {
    let s = start().await;
    let mut slow = TcpStream::connect(s.addr).await.unwrap();
    slow.write_all(b"this line never ends").await.unwrap();
    // The server waits LINE_TIMEOUT for the rest, then says why and closes.
    let mut answer = Vec::new();
    timeout(T, slow.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer, b"error: line unfinished after 2 s\n");
    let stats = s.stop().await;
    assert_eq!((stats.echoed, stats.rejected), (0, 1));
}
