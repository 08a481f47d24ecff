//! The echo server on 127.0.0.1:0, at its edges. Every wait has a timeout: a hang fails.

use std::sync::Arc;
use std::time::Duration;

use asyncio::echo::{self, EchoError, ServeStats};
use interleaving::Actor;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::timeout;

const T: Duration = Duration::from_secs(10);

struct Running {
    addr: std::net::SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<ServeStats>,
}

async fn start() -> Running {
    let listener = echo::bind(0).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopping) = watch::channel(false);
    let server = tokio::spawn(echo::serve(
        listener,
        stopping,
        Arc::new(Actor::new("server")),
    ));
    Running { addr, stop, server }
}

impl Running {
    async fn stop(self) -> ServeStats {
        self.stop.send(true).unwrap();
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
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("cannot listen on 127.0.0.1:{port}: ")),
        "{text}"
    );
    assert!(text.contains("in use"), "{text}");
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
    s.stop.send(true).unwrap();
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
