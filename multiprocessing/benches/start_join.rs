//! The cost of one process, started and joined: ours against the raw system calls.
//!
//! `cargo bench -p multiprocessing --bench start_join`. The figures to read are the ratios
//! in one run (`cargo xtask bench` pairs them, A B A B): `Process` fork over raw fork+waitpid
//! (goal: at most 1.25x, restated in issue 28 from the first goal of 10%, which the spread of
//! one pair on this 2-core VM could not resolve; measured by a third group in alternation,
//! one of each per iteration, since the first group's two medians are seconds apart; the
//! page faults of both sides, counted by a second group from `getrusage`, account for the
//! gap), `Process` spawn over a raw fork+exec+wait of the same binary doing the
//! same nothing (goal: within 20%). The sentinel (a pidfd) is made only when asked for, so a
//! plain start and join opens no extra descriptor.
//!
//! Where the fork gap goes (measured 2026-11-30 with a loop of 2,000 start+joins per side, 10
//! rounds alternating raw / ours, CPU time of parent and child from `perf stat`, load 12-15 on
//! the 2 cores, so wall times were noise and CPU time is the figure): raw 84 us, `Process`
//! 97 us, 1.15x [1.04-1.20]. Not the at-fork locks' own work (five uncontended locks, ~100 ns:
//! releasing them after the fork is another matter, see below) and not
//! system calls (`strace -f -c`: one `getpid` in the parent, `prctl` and `getppid` in the
//! child, under a microsecond together). It is page faults, ~1.5 us each (`perf stat -e
//! page-faults`: 10 per start+join raw, 20 ours):
//! - the child faults on every 64 KiB window of code it runs, because `fork` copies no
//!   page-table entries for the program's code (kernel profile: `filemap_map_pages` and
//!   `next_uptodate_folio`, absent from the raw side): our start path, std's stdout code,
//!   libc's `prctl`;
//! - Python's flush of stdout before the child exits is the largest single item: without it
//!   (an experiment, not kept) 16 faults instead of 19 and 7 us less CPU, a third of the gap.
//!   It stays: a child's `print!` without a newline must not be lost;
//! - each page written after `fork` by either process is copied: the at-fork locks' pages
//!   (ours, std's stdout and stderr), the stack, the allocator's pages when the parent frees.
//!
//! Tried and not kept, each measured against the code as it is:
//! - lending the child its name and allocating its entry in the list of live children before
//!   `fork`, so that neither process allocates or frees after it: one fault fewer, CPU
//!   unchanged (after/before 1.03x [0.95-1.09] over 10 pairs); which pages a start straddles
//!   (stack, statics, 64 KiB windows of code) moves more than that from one build to the next;
//! - taking no at-fork locks at all when glibc says the process has one thread
//!   (`__libc_single_threaded`): 17-18 faults instead of 18, pinned ratio unchanged;
//! - `prctl` and `getppid` as raw system calls (rustix), so the child maps no page of libc
//!   for them: one fault fewer, within the noise;
//! - with no stdout flush and no `PR_SET_PDEATHSIG` in the child at all (an experiment on
//!   what Python parity and the no-orphan rule cost): 1.16x and 1.09x against the current
//!   code's 1.15x and 1.13x, medians of 5 criterion pairs each, alternating;
//! - a second pair of rows with both sides kept on one core (`sched_setaffinity`): steadier in
//!   criterion by hand (1.18x-1.31x over 5 pairs) but not under `cargo xtask bench --quick`,
//!   whose 0.3 s measurements gave 1.24 [1.03-1.48], 1.48 [1.27-1.72] and 1.34 [0.97-1.63].
//!
//! How precise the figure can be here (2026-11-30 09:00-09:20 UTC, quiet machine): pinned to
//! one core (`taskset -c 1`, 2,000 alternating start+joins per side in one process) the ratio
//! is stable to +-3%: raw 92 us, ours 110 us, 1.17x-1.23x. Unpinned, as criterion measures it,
//! the child runs on the other core and each start+join pays two cross-core wake-ups (~70 us
//! on this VM, whose kernel runs nested under a paravirtualizing host: `nested_pvm=1`), which
//! shrinks the ratio to ~1.1-1.15 but moves single pairs between 0.92x and 1.30x. The 18 us
//! are the 8 extra page faults (~2 us each here), every one tied to something this crate
//! promises: the at-fork locks released in both processes (Python's fork safety), the live
//! list and the name (Python's `active_children()` and `current_process().name` in the
//! child), the flush (Python's), `PR_SET_PDEATHSIG` (no orphan outlives its parent).

use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use interleaving::alternation::{Alternation, ratio};
use multiprocessing::Process;
use multiprocessing::spawn::SPAWN_ARG;
use multiprocessing::tasks::EXIT_WITH;
use nix::sys::wait::waitpid;
use nix::unistd::{ForkResult, fork};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

fn raw_fork_waitpid() {
    // Safety: the child calls only _exit, which is async-signal-safe.
    match unsafe { fork() }.expect("fork") {
        // Safety: _exit ends the child at once, touching nothing of the parent's.
        ForkResult::Child => unsafe { libc::_exit(0) },
        ForkResult::Parent { child } => {
            waitpid(child, None).expect("waitpid");
        }
    }
}

fn raw_reexec() {
    let status = Command::new(BIN)
        .args([SPAWN_ARG, "bench", "exit_with", "text", "0"])
        .stdout(Stdio::null())
        .status()
        .expect("exec");
    assert!(status.success());
}

fn start_join(mut p: Process) {
    p.start().expect("start");
    p.join().expect("join");
}

fn bench(c: &mut Criterion) {
    multiprocessing::set_executable(BIN);
    let mut g = c.benchmark_group("start+join one process");
    g.measurement_time(interleaving::cli::bench_time(Duration::from_secs(3)));
    g.bench_function("raw fork+waitpid", |b| b.iter(raw_fork_waitpid));
    g.bench_function("Process fork", |b| {
        b.iter(|| start_join(Process::new("bench", || {})))
    });
    g.bench_function("raw fork+exec+wait", |b| b.iter(raw_reexec));
    g.bench_function("Process spawn", |b| {
        b.iter(|| start_join(Process::spawn("bench", &EXIT_WITH, &0).expect("spawn")))
    });
    g.finish();
}

/// Minor page faults, parent and reaped children together, as `getrusage` counts them: what
/// `cargo xtask bench` shows as faults per start+join (criterion's "time" in this group is a
/// count of faults; criterion still sizes its runs by the wall clock).
struct PageFaults;

/// `ru_minflt` of `who` (`RUSAGE_SELF` or `RUSAGE_CHILDREN`).
fn minor_faults(who: libc::c_int) -> u64 {
    // Safety: `getrusage` only writes the `rusage` we hand it, which a zeroed one is valid as.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // Safety: a valid `who` and a pointer to a live `rusage`.
    if unsafe { libc::getrusage(who, &mut usage) } != 0 {
        return 0;
    }
    u64::try_from(usage.ru_minflt).unwrap_or(0)
}

impl Measurement for PageFaults {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        minor_faults(libc::RUSAGE_SELF) + minor_faults(libc::RUSAGE_CHILDREN)
    }
    fn end(&self, before: u64) -> u64 {
        self.start().saturating_sub(before)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self
    }
}

impl ValueFormatter for PageFaults {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "faults"
    }
    fn scale_throughputs(&self, _: f64, _: &Throughput, _values: &mut [f64]) -> &'static str {
        "faults"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "faults"
    }
}

/// Page faults per start+join, ours and raw, in the same run: what the fork gap is made of
/// (see the header, and the docs of `Process::start` for what each extra fault buys).
fn faults(c: &mut Criterion<PageFaults>) {
    multiprocessing::set_executable(BIN);
    let mut g = c.benchmark_group("page faults per start+join");
    g.measurement_time(interleaving::cli::bench_time(Duration::from_secs(1)));
    g.bench_function("raw fork+waitpid", |b| b.iter(raw_fork_waitpid));
    g.bench_function("Process fork", |b| {
        b.iter(|| start_join(Process::new("bench", || {})))
    });
    g.finish();
}

/// The fork goal's row (at most 1.25x, issue 28), measured in alternation.
/// Each iteration times one start+join of each, the order swapped every time, and a sample's
/// figure is its ours-time over its raw-time. Measured side after side, as the first group
/// does, one pair's two medians are seconds apart, and this VM's cost of a cross-core
/// wake-up moves by more than the gap between them in seconds (single pairs from 0.92x to
/// 1.51x); in alternation both sides see the same machine to within a millisecond.
fn paired(c: &mut Criterion<Alternation>) {
    multiprocessing::set_executable(BIN);
    let mut g = c.benchmark_group("start+join, alternating");
    g.measurement_time(interleaving::cli::bench_time(Duration::from_secs(3)));
    g.bench_function("Process fork over raw fork+waitpid", |b| {
        b.iter_custom(|iters| {
            ratio(
                iters,
                |_| start_join(Process::new("bench", || {})),
                |_| raw_fork_waitpid(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_group! {
    name = fault_counts;
    config = Criterion::default().with_measurement(PageFaults);
    targets = faults
}
criterion_group! {
    name = alternation;
    config = Criterion::default().with_measurement(Alternation);
    targets = paired
}
criterion_main!(benches, fault_counts, alternation);
