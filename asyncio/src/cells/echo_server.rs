//! `asyncio.start_server` is a tokio `TcpListener` loop: an echo server on 127.0.0.1, its
//! concurrent clients, two misbehaving ones, and a graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use interleaving::{Actor, emit};
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::timeout;

use super::{Knobs, ms};
use crate::echo::{self, EchoError, Stop};
use crate::{kinds, runtime};

/// Client `i`: one line out, the same line back.
async fn client(addr: SocketAddr, i: u64) -> Result<(), EchoError> {
    let me = Actor::new(format!("client-{i}"));
    echo::echo_once(addr, &format!("hello from client-{i}"), &me).await?;
    Ok(())
}

/// The misbehaving clients: garbage bytes, and a line left unfinished. Returns what the
/// server answered each.
async fn misbehave(addr: SocketAddr) -> Result<(String, String), EchoError> {
    let garbage = echo::send_raw(addr, b"\xff\xfe not UTF-8\n").await?;
    let partial = echo::send_raw(addr, b"half a line, then gone").await?;
    let show = |b: Vec<u8>| String::from_utf8_lossy(&b).trim_end().to_owned();
    Ok((show(garbage), show(partial)))
}

/// `server = await asyncio.start_server(handle, "127.0.0.1", 0)` and `--clients` clients.
pub fn run(k: &Knobs) -> anyhow::Result<()> {
    interleaving::knob::emit(&[("clients", &k.clients), ("serve", &k.serve)]);
    let main = Actor::new("main");
    let rt = runtime::multi_thread(2).context("building a multi_thread runtime")?;
    rt.block_on(async {
        let listener = echo::bind(k.port as u16).await?;
        let addr = listener
            .local_addr()
            .context("reading the server's address")?;
        let (stop, stopping) = watch::channel(Stop::Serving);
        let limits = echo::Limits {
            idle: Duration::from_millis(k.idle_ms),
            ..echo::Limits::default()
        };
        let server = tokio::spawn(echo::serve(
            listener,
            stopping,
            Arc::new(Actor::new("server")),
            limits,
        ));

        // Ctrl-C or SIGTERM at any point: stop accepting, let every accepted connection finish
        // its echo; a second one cuts the drain short. The handlers are installed here, before
        // any client starts, so no signal is missed (tokio::signal::ctrl_c() would install
        // its handler only when first polled, and SIGTERM would kill us meanwhile: exit 143).
        let on_signal = tokio::spawn(on_signals(
            signal(SignalKind::interrupt()).context("listening for Ctrl-C")?,
            signal(SignalKind::terminate()).context("listening for SIGTERM")?,
            stop.clone(),
        ));

        let t0 = Instant::now();
        let mut clients = JoinSet::new();
        for i in 0..k.clients {
            clients.spawn(client(addr, i));
        }
        let mut failed = Vec::new();
        let all = timeout(Duration::from_secs(30), async {
            while let Some(done) = clients.join_next().await {
                match done {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => failed.push(e.to_string()),
                    Err(e) => failed.push(e.to_string()),
                }
            }
        });
        let in_time = all.await.is_ok();
        let took = t0.elapsed();

        if *stop.borrow() != Stop::Serving {
            // Ctrl-C came while the clients were running.
            let stats = stopped(server).await?;
            main.print(format!(
                "Ctrl-C: stopped early; {} of {} clients got their echo. The server had accepted {} \
                 connections: every line it had begun was echoed ({}), idle connections were closed",
                k.clients - failed.len() as u64,
                k.clients,
                stats.accepted,
                stats.echoed
            ));
            return Ok(());
        }
        if !in_time || !failed.is_empty() {
            main.emit(kinds::SHUTDOWN, "clients failed");
            let _ = stop.send(Stop::Drain);
            stopped(server).await?;
            if !in_time {
                bail!("the clients did not finish within 30 s");
            }
            bail!(
                "{} of {} clients failed; the first: {}",
                failed.len(),
                k.clients,
                failed[0]
            );
        }
        main.print(format!(
            "{} clients, each its own line echoed back, in {}",
            k.clients,
            ms(took)
        ));
        let (garbage, partial) = misbehave(addr).await.context("the misbehaving clients")?;
        main.print(format!("a client sending garbage got: {garbage:?}"));
        main.print(format!("a client leaving mid-line got: {partial:?}"));

        if k.serve {
            emit::narrate(&format!(
                "listening on {addr} (try `nc 127.0.0.1 {}`); Ctrl-C stops it",
                addr.port()
            ));
            let mut signalled = stop.subscribe();
            let _ = signalled.wait_for(|s| *s != Stop::Serving).await;
        } else {
            main.emit(kinds::SHUTDOWN, "clients done");
            let _ = stop.send(Stop::Drain);
        }
        let stats = stopped(server).await?;
        on_signal.abort();
        main.print(format!(
            "server stopped: {} connections ({} in flight at shutdown, {} closed idle, {} cut \
             mid-line), {} echoes, {} rejected",
            stats.accepted,
            stats.in_flight_at_shutdown,
            stats.idle_closed,
            stats.cut,
            stats.echoed,
            stats.rejected
        ));
        Ok(())
    })
}

/// The first SIGINT or SIGTERM asks the server to drain, the second to stop now.
async fn on_signals(mut sigint: Signal, mut sigterm: Signal, stop: watch::Sender<Stop>) {
    let me = Actor::new("ctrl-c");
    for (level, what) in [(Stop::Drain, "draining"), (Stop::Now, "stopping now")] {
        let name = tokio::select! {
            Some(()) = sigint.recv() => "SIGINT",
            Some(()) = sigterm.recv() => "SIGTERM",
            else => return,
        };
        me.emit(kinds::SHUTDOWN, format!("{name}: {what}"));
        let _ = stop.send(level);
    }
}

/// Waits (bounded) for the server to finish its graceful shutdown.
async fn stopped(
    server: tokio::task::JoinHandle<echo::ServeStats>,
) -> anyhow::Result<echo::ServeStats> {
    timeout(echo::DRAIN_TIMEOUT * 2, server)
        .await
        .context("the server did not stop in time")?
        .context("the server task panicked")
}
