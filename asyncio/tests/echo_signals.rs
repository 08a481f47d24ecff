//! The echo server as a user runs it: `asyncio --cell echo-server --serve`, a real process,
//! stopped by real signals, with a real limit on its file descriptors. Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use asyncio::echo::DRAIN_TIMEOUT;
use wait_timeout::ChildExt;

const T: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

/// Starts the server with at most `fds` open files (`ulimit -n`), waits until it listens.
fn serve(fds: u32, extra: &[&str]) -> Server {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -n {fds} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_asyncio"))
        .args(["--cell", "echo-server", "--serve", "--clients", "4"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let port = loop {
        let line = lines
            .recv_timeout(T)
            .expect("the server says where it listens");
        if let Some(rest) = line.split("listening on 127.0.0.1:").nth(1) {
            break rest.split(' ').next().unwrap().parse().unwrap();
        }
    };
    Server { child, port, lines }
}

impl Server {
    fn kill(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Waits for the exit; returns the exit code and the summary line.
    fn ended(mut self) -> (Option<i32>, String) {
        let status = self
            .child
            .wait_timeout(T)
            .unwrap()
            .expect("the server exits after the signal");
        let summary = self
            .lines
            .iter()
            .find(|l| l.starts_with("server stopped: "))
            .unwrap_or_default();
        (status.code(), summary)
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        s
    }
}

#[test]
fn sigterm_stops_the_server_like_ctrl_c_with_its_summary() {
    let server = serve(1024, &[]);
    server.kill("-TERM");
    let (code, summary) = server.ended();
    assert_eq!(
        code,
        Some(0),
        "not killed by SIGTERM (143): a graceful stop"
    );
    // 4 clients and the 2 misbehaving ones.
    assert!(
        summary.starts_with("server stopped: 6 connections"),
        "{summary}"
    );
}

#[test]
fn idle_connections_do_not_starve_a_real_client_of_a_server_with_64_fds() {
    let server = serve(64, &["--idle-ms", "200"]);
    // More idle connections than the server has descriptors: the kernel queues them all.
    let idle: Vec<TcpStream> = (0..200).map(|_| server.connect()).collect();
    let mut real = server.connect();
    real.write_all(b"a real client\n").unwrap();
    let mut back = String::new();
    BufReader::new(&mut real)
        .read_line(&mut back)
        .expect("an echo, once idle connections were closed to make room");
    assert_eq!(back, "a real client\n");
    server.kill("-TERM");
    let (code, summary) = server.ended();
    assert_eq!(code, Some(0));
    // 4 clients, 2 misbehaving, 200 idle, 1 real: every connection is in the summary.
    assert!(
        summary.starts_with("server stopped: 207 connections"),
        "{summary}"
    );
    drop(idle);
}

#[test]
fn a_second_signal_ends_the_drain_at_once() {
    let server = serve(1024, &[]);
    // One line echoed, the next begun in the same segment: the connection is mid-line.
    let mut busy = server.connect();
    busy.write_all(b"one\nhalf a li").unwrap();
    let mut first = [0u8; 4];
    busy.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"one\n");
    server.kill("-TERM");
    let second = Instant::now();
    server.kill("-INT");
    let (code, summary) = server.ended();
    assert!(
        second.elapsed() < DRAIN_TIMEOUT / 2,
        "the drain waited for its timeout: {:?}",
        second.elapsed()
    );
    assert_eq!(code, Some(0));
    assert!(summary.contains("1 cut mid-line"), "{summary}");
    drop(busy);
}
