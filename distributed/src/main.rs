//! The distributed lesson: the notebook's producer-consumer and `Pool.map` past one machine,
//! on a real `redis-server` (Streams and consumer groups), with worker processes that die.
//!
//! Run it with `cargo run -p distributed` (it starts its own `redis-server` on a free port and
//! removes it after); `--trace` for JSON Lines, `--list` for the cells, `--cell N` for one,
//! `--redis redis://HOST:PORT` to use a server of yours. Another machine joins with
//! `distributed --role worker --redis redis://HOST:PORT --cell competing-workers`.
//! Look for the stream ids in the trace (the only order machines agree on), the item
//! worker-1 died holding coming back to another worker, and the producer waiting at the bound.

use std::time::Duration;

use anyhow::{Context, bail};
use clap::{CommandFactory, Parser};
use distributed::cells::{self, Knobs, LESSON, Lab};
use distributed::hosts::Hosts;
use distributed::{EmbeddedServer, cleanup, lease, server, worker};
use interleaving::{LessonArgs, Mode, emit};

/// The distributed lesson: a Redis stream as the queue, workers as processes that may die.
#[derive(Parser)]
#[command(version)]
struct Args {
    #[command(flatten)]
    lesson: LessonArgs,
    #[command(flatten)]
    knobs: Knobs,
    /// Use this Redis server instead of starting one (`redis://HOST:PORT`).
    #[arg(
        long,
        value_name = "URL",
        help_heading = "Servers and workers",
        required_if_eq("role", "worker")
    )]
    redis: Option<String>,
    /// `lesson` runs the cells; `worker` runs one worker of the cell given by --cell against
    /// --redis (how a second machine joins).
    #[arg(
        long,
        value_enum,
        default_value = "lesson",
        help_heading = "Servers and workers"
    )]
    role: Role,
    /// Run every worker on a host of its own: a network namespace joined to the server's by a
    /// veth cable (Linux, as root; refused with the reason otherwise).
    #[arg(long, conflicts_with = "redis", help_heading = "Servers and workers")]
    hosts: bool,
    /// With --role worker: the consumer's name in the group (default `worker-PID`).
    #[arg(long, requires = "role", help_heading = "Servers and workers")]
    name: Option<String>,
    /// With --role worker: die (wait for SIGKILL) holding the item read in this position.
    #[arg(long, hide = true, requires = "role", help_heading = "Servers and workers", allow_hyphen_values = true,
          value_parser = interleaving::cli::count_in(1, 100))]
    hold_on: Option<u64>,
    /// With --role worker: after processing the item read in this position, wait for SIGUSR1
    /// before acknowledging it (the partition cell cuts the link in between).
    #[arg(long, hide = true, requires = "role", help_heading = "Servers and workers", allow_hyphen_values = true,
          value_parser = interleaving::cli::count_in(1, 100))]
    stall_on: Option<u64>,
    /// With --role worker: also claim entries other workers left idle for --min-idle-ms.
    #[arg(long, requires = "role", help_heading = "Servers and workers")]
    claim: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Role {
    Lesson,
    Worker,
}

impl Args {
    /// The flags that make no sense together, which clap cannot see: `--role` has a default,
    /// so `requires = "role"` holds even when the role is the lesson. A usage error (exit 2).
    fn conflict(&self) -> Option<clap::Error> {
        let worker_only = [
            ("--claim", self.claim),
            ("--name", self.name.is_some()),
            ("--hold-on", self.hold_on.is_some()),
            ("--stall-on", self.stall_on.is_some()),
        ];
        let bad = match self.role {
            Role::Lesson => worker_only
                .iter()
                .find(|(_, given)| *given)
                .map(|(flag, _)| format!("the argument '{flag}' needs '--role worker'")),
            Role::Worker if self.hosts => {
                Some("the argument '--hosts' cannot be used with '--role worker'".into())
            }
            Role::Worker if self.lesson.list => {
                Some("the argument '--list' cannot be used with '--role worker'".into())
            }
            Role::Worker => None,
        }?;
        Some(Args::command().error(clap::error::ErrorKind::ArgumentConflict, bad))
    }
}

fn main() -> std::process::ExitCode {
    let args = LESSON.parse::<Args>();
    if let Some(e) = args.conflict() {
        interleaving::cli::exit_on(e);
    }
    let result = run(args);
    if cleanup::interrupted() {
        // The interrupt thread is stopping what we started and will exit with 130 or 143;
        // our error is only its echo.
        loop {
            std::thread::park();
        }
    }
    interleaving::cli::exit_code(result)
}

fn run(args: Args) -> anyhow::Result<()> {
    if args.role == Role::Worker {
        return run_worker(&args);
    }
    let mut lab = Lab {
        knobs: args.knobs.clone(),
        url: String::new(),
        exe: std::env::current_exe().context("finding this program, to start workers")?,
        trace: args.lesson.trace,
        hosts: None,
    };
    if args.lesson.list {
        return LESSON.run(&args.lesson, &lab);
    }
    cleanup::on_interrupt_clean_up().context("installing the Ctrl-C handler")?;
    let _server: Option<EmbeddedServer>;
    lab.url = match &args.redis {
        // New: the server on a host of its own, each worker on another (`distributed::hosts`).
        None if args.hosts => {
            let n = args.knobs.workers.max(2) as usize;
            let mut h = Hosts::create(n)
                .and_then(|mut h| h.start_server(&[]).map(|()| h))
                .context("--hosts")?;
            let url = h.local_url()?;
            lab.hosts = Some(std::sync::Arc::new(h));
            url
        }
        Some(url) => {
            server::ping(url)?;
            url.clone()
        }
        None => {
            let s = EmbeddedServer::start()?;
            let url = s.url().to_owned();
            _server = Some(s);
            url
        }
    };
    // New: one lesson per key prefix on a server; a second one is refused, not mixed in.
    let _lease = lease::take(&lab.url, &args.knobs.stream)?;
    LESSON.run(&args.lesson, &lab)
}

fn run_worker(args: &Args) -> anyhow::Result<()> {
    emit::set_mode(if args.lesson.trace {
        Mode::Trace
    } else {
        Mode::Text
    });
    let Some(url) = &args.redis else {
        bail!("--role worker needs --redis URL (the server the producer uses)");
    };
    let cell = args
        .lesson
        .cell
        .as_deref()
        .unwrap_or(cells::COMPETING_WORKERS);
    let (_, cell) = LESSON.find(cell)?;
    let k = &args.knobs;
    let spec = worker::Spec {
        url: url.clone(),
        stream: format!("{}:{}", k.stream, cell.name),
        name: args
            .name
            .clone()
            .unwrap_or_else(|| format!("worker-{}", std::process::id())),
        task: cells::worker_task(cell.name),
        work: Duration::from_millis(k.work_ms),
        claim_after: args.claim.then(|| Duration::from_millis(k.min_idle_ms)),
        hold_on: args.hold_on,
        stall_on: args.stall_on,
        fail_item: Some(k.fail_at),
        backoff: k.backoff(),
        batch: k.batch as usize,
    };
    worker::serve(&spec).with_context(|| format!("worker {}", spec.name))?;
    Ok(())
}
