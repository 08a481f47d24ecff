//! Every property of the lesson holds on a real run and is caught when that run's trace is
//! broken the way the property forbids (SPEC section 4: a check that cannot fail is a defect).

mod util;

use std::sync::OnceLock;
use std::time::Duration;

use distributed::cells::{BACKPRESSURE, COMPETING_WORKERS, POOL_MAP, STREAM_QUEUE, WORKER_DIES};
use distributed::properties::{properties, spec};
use interleaving::testing::Run;
use interleaving::{Event, Trace, check, check_lesson};
use util::{bin, checked, run, server};

/// One real run, with its own server, shared by the tests of this file (`None`: no server).
fn real() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| {
            let s = server()?;
            let tmp = tempfile::tempdir().unwrap();
            let out = run(
                bin(tmp.path()).args([
                    "--trace",
                    "--redis",
                    s.url(),
                    "--items",
                    "8",
                    "--bound",
                    "2",
                    "--work-ms",
                    "3",
                ]),
                Duration::from_secs(60),
            );
            let (trace, report) = checked(&out);
            assert!(report.is_ok(), "{report}");
            Some(trace)
        })
        .as_ref()
}

/// The trace with the events of `cell` changed by `f`.
fn broken(t: &Trace, cell: &str, f: impl FnOnce(&mut Vec<Event>)) -> Trace {
    let mut f = Some(f);
    let mut out = Vec::new();
    for (name, lines) in t.cells() {
        let mut evs: Vec<Event> = lines.iter().map(|l| l.event.clone()).collect();
        if !name.is_empty() {
            out.push(Event::new(0, 0, 1, "lesson", "cell", name));
        }
        if name == cell
            && let Some(f) = f.take()
        {
            f(&mut evs);
        }
        out.extend(evs);
    }
    Trace::from_events(out)
}

/// The lesson's whole check (the rules every trace gets, then its properties) catches
/// `rule`, one of the rules every trace gets.
fn caught_by_every_trace_rule(t: &Trace, rule: &str) {
    interleaving::testing::assert_caught(t, &spec(), &properties(), rule);
}

fn caught(t: &Trace, cell: &str, property: &str) {
    let report = check(t, &properties());
    assert!(
        report
            .violations()
            .any(|v| v.property == property && v.cell.as_deref() == Some(cell)),
        "{property} [{cell}] not caught:\n{report}"
    );
}

fn pos(evs: &[Event], f: impl Fn(&Event) -> bool) -> usize {
    evs.iter()
        .position(f)
        .expect("the event is in the real trace")
}

fn kind(k: &'static str) -> impl Fn(&Event) -> bool {
    move |e| e.kind == k
}

#[test]
fn per_actor_order() {
    let Some(t) = real() else { return };
    let b = broken(t, STREAM_QUEUE, |e| {
        let i = pos(e, kind("adding"));
        e.swap(i, i + 1);
    });
    caught_by_every_trace_rule(&b, "per-actor-order");
}

#[test]
fn every_entry_acked_once() {
    let Some(t) = real() else { return };
    for cell in [
        STREAM_QUEUE,
        COMPETING_WORKERS,
        WORKER_DIES,
        POOL_MAP,
        BACKPRESSURE,
    ] {
        let b = broken(t, cell, |e| {
            let i = pos(e, kind("ack"));
            e.remove(i);
        });
        caught(&b, cell, "every-entry-acked-once");
        let b = broken(t, cell, |e| {
            let i = pos(e, kind("ack"));
            e.insert(i, e[i].clone());
        });
        caught(&b, cell, "every-entry-acked-once");
    }
}

#[test]
fn delivered_after_adding() {
    let Some(t) = real() else { return };
    let b = broken(t, COMPETING_WORKERS, |e| {
        let i = pos(e, kind("read"));
        let read = e.remove(i);
        e.insert(1, read);
    });
    caught(&b, COMPETING_WORKERS, "delivered-after-adding");
}

#[test]
fn stream_ids_increase() {
    let Some(t) = real() else { return };
    let b = broken(t, COMPETING_WORKERS, |e| {
        let adds: Vec<usize> = (0..e.len()).filter(|&i| e[i].kind == "add").collect();
        let (a, c) = (e[adds[0]].value.clone(), e[adds[1]].value.clone());
        let (ia, id_a) = a.split_once(' ').unwrap();
        let (ic, id_c) = c.split_once(' ').unwrap();
        e[adds[0]].value = format!("{ia} {id_c}");
        e[adds[1]].value = format!("{ic} {id_a}");
    });
    caught(&b, COMPETING_WORKERS, "stream-ids-increase");
}

#[test]
fn added_0_to_n() {
    let Some(t) = real() else { return };
    let b = broken(t, STREAM_QUEUE, |e| {
        let i = pos(e, |e| e.kind == "adding" && e.value == "end");
        e.remove(i);
    });
    caught(&b, STREAM_QUEUE, "added-0-to-n-then-end");
    for cell in [COMPETING_WORKERS, WORKER_DIES, BACKPRESSURE] {
        let b = broken(t, cell, |e| {
            let i = pos(e, kind("adding"));
            e[i].value = "7".into();
        });
        caught(&b, cell, "added-0-to-n");
    }
}

#[test]
fn consumed_equals_published() {
    let Some(t) = real() else { return };
    let b = broken(t, STREAM_QUEUE, |e| {
        let reads: Vec<usize> = (0..e.len()).filter(|&i| e[i].kind == "read").collect();
        let v = e[reads[0]].value.clone();
        e[reads[0]].value = e[reads[1]].value.clone();
        e[reads[1]].value = v;
    });
    caught(&b, STREAM_QUEUE, "consumed-equals-published");
}

#[test]
fn workers_end_as_they_should() {
    let Some(t) = real() else { return };
    for (cell, property) in [
        (STREAM_QUEUE, "consumer-ends-at-end-marker"),
        (COMPETING_WORKERS, "workers-end-drained"),
        (WORKER_DIES, "survivors-end-drained"),
        (POOL_MAP, "pool-workers-end-drained"),
        (BACKPRESSURE, "backpressure-workers-end-drained"),
    ] {
        let b = broken(t, cell, |e| {
            let i = pos(e, kind("exit"));
            e[i].value = "crashed".into();
        });
        caught(&b, cell, property);
        let b = broken(t, cell, |e| {
            let i = pos(e, kind("exit"));
            e.remove(i);
        });
        caught(&b, cell, property);
    }
}

#[test]
fn every_item_processed_once() {
    let Some(t) = real() else { return };
    let b = broken(t, COMPETING_WORKERS, |e| {
        let i = pos(e, kind("process"));
        e.insert(i, e[i].clone());
    });
    caught(&b, COMPETING_WORKERS, "every-item-processed-once");
}

/// The item worker-1 died holding.
fn held(e: &[Event]) -> String {
    let h = &e[pos(e, kind("hold"))].value;
    h.split_once(' ').unwrap().0.to_owned()
}

#[test]
fn at_least_once_catches_a_lost_item() {
    let Some(t) = real() else { return };
    let b = broken(t, WORKER_DIES, |e| {
        let h = held(e);
        // An item other than the held one, never processed: lost.
        let i = e
            .iter()
            .position(|ev| ev.kind == "process" && !ev.value.starts_with(&format!("{h} ")))
            .unwrap();
        let item = e[i].value.split_once(' ').unwrap().0.to_owned();
        e.retain(|ev| !(ev.kind == "process" && ev.value.starts_with(&format!("{item} "))));
    });
    caught(&b, WORKER_DIES, "at-least-once");
}

#[test]
fn at_least_once_catches_a_held_item_not_redelivered() {
    let Some(t) = real() else { return };
    // The held item processed only once: its redelivery is gone from the trace.
    let b = broken(t, WORKER_DIES, |e| {
        let h = held(e);
        let i = e
            .iter()
            .rposition(|ev| ev.kind == "process" && ev.value.starts_with(&format!("{h} ")))
            .unwrap();
        e.remove(i);
    });
    caught(&b, WORKER_DIES, "at-least-once");
    // The kill of a worker that held nothing: nothing to redeliver, so nothing shown.
    let b = broken(t, WORKER_DIES, |e| {
        let h = pos(e, kind("hold"));
        let (item, _) = e[h].value.split_once(' ').unwrap();
        let item = format!("{item} ");
        e.retain(|ev| !(ev.actor == "worker-1" && ev.value.starts_with(&item)));
    });
    caught(&b, WORKER_DIES, "at-least-once");
}

#[test]
fn duplicates_are_redeliveries() {
    let Some(t) = real() else { return };
    // Another item processed twice with no claim: the group delivered it twice by itself.
    let b = broken(t, WORKER_DIES, |e| {
        let h = held(e);
        let i = e
            .iter()
            .position(|ev| ev.kind == "process" && !ev.value.starts_with(&format!("{h} ")))
            .unwrap();
        e.insert(i, e[i].clone());
    });
    caught(&b, WORKER_DIES, "duplicates-are-redeliveries");
}

#[test]
fn redelivered_after_kill() {
    let Some(t) = real() else { return };
    let b = broken(t, WORKER_DIES, |e| e.retain(|ev| ev.kind != "claim"));
    caught(&b, WORKER_DIES, "redelivered-after-kill");
    // A claim before the kill is not a redelivery after it.
    let b = broken(t, WORKER_DIES, |e| {
        let c = pos(e, kind("claim"));
        let claim = e.remove(c);
        let k = pos(e, kind("kill"));
        e.insert(k, claim);
    });
    caught(&b, WORKER_DIES, "redelivered-after-kill");
}

#[test]
fn effect_exactly_once() {
    let Some(t) = real() else { return };
    let b = broken(t, WORKER_DIES, |e| {
        let i = pos(e, kind("skipped"));
        e[i].kind = "stored".into();
    });
    caught(&b, WORKER_DIES, "effect-exactly-once");
}

#[test]
fn sink_skips_repeats() {
    let Some(t) = real() else { return };
    let b = broken(t, WORKER_DIES, |e| e.retain(|ev| ev.kind != "skipped"));
    caught(&b, WORKER_DIES, "sink-skips-repeats");
}

#[test]
fn one_worker_killed() {
    let Some(t) = real() else { return };
    let b = broken(t, WORKER_DIES, |e| e.retain(|ev| ev.kind != "kill"));
    caught(&b, WORKER_DIES, "one-worker-killed");
}

#[test]
fn map_in_input_order() {
    let Some(t) = real() else { return };
    let b = broken(t, POOL_MAP, |e| {
        let i = pos(e, kind("map"));
        e[i].value = e[i].value.replacen("0, 1", "1, 0", 1);
    });
    caught(&b, POOL_MAP, "map-in-input-order");
}

#[test]
fn one_reply_per_input() {
    let Some(t) = real() else { return };
    let b = broken(t, POOL_MAP, |e| {
        let i = pos(e, kind("result"));
        e.remove(i);
    });
    caught(&b, POOL_MAP, "one-reply-per-input");
}

#[test]
fn map_after_every_reply() {
    let Some(t) = real() else { return };
    let b = broken(t, POOL_MAP, |e| {
        let m = pos(e, kind("map"));
        let map = e.remove(m);
        let r = pos(e, kind("result"));
        e.insert(r, map);
    });
    caught(&b, POOL_MAP, "map-after-every-reply");
}

#[test]
fn backlog_within_bound() {
    let Some(t) = real() else { return };
    let b = broken(t, BACKPRESSURE, |e| e.retain(|ev| ev.kind != "acking"));
    caught(&b, BACKPRESSURE, "backlog-within-bound");
    // Without its knob, the bound is unknown: that is a violation too, not a pass.
    let b = broken(t, BACKPRESSURE, |e| e.retain(|ev| ev.kind != "knob"));
    caught(&b, BACKPRESSURE, "backlog-within-bound");
}

#[test]
fn every_wait_resumes_before_adding() {
    let cell = |steps: Vec<(&'static str, &'static str, &'static str)>| {
        let run = Run::new("distributed").cell(BACKPRESSURE, "items=2 workers=1 bound=1 work_ms=1");
        steps
            .into_iter()
            .fold(run, |r, (a, k, v)| r.step(a, k, v))
            .end()
    };
    let good = cell(vec![
        ("producer", "adding", "0"),
        ("producer", "wait", "backlog=1"),
        ("producer", "resume", "backlog=0"),
        ("producer", "adding", "1"),
    ]);
    let report = check(&good, &properties());
    assert!(
        !report
            .violations()
            .any(|v| v.property == "every-wait-resumes-before-adding")
    );
    for bad in [
        vec![
            ("producer", "adding", "0"),
            ("producer", "wait", "backlog=1"),
            ("producer", "adding", "1"),
        ],
        vec![
            ("producer", "wait", "backlog=0"),
            ("producer", "resume", "backlog=0"),
        ],
        vec![
            ("producer", "wait", "backlog=1"),
            ("producer", "resume", "backlog=1"),
        ],
    ] {
        caught(&cell(bad), BACKPRESSURE, "every-wait-resumes-before-adding");
    }
}

#[test]
fn the_real_run_holds_everything() {
    let Some(t) = real() else { return };
    let report = check_lesson(t, &spec(), &properties());
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0);
}

/// The shared harness's search: each property asserted on the real run has some small
/// mutation of it that the property catches.
#[test]
fn every_property_is_breakable() {
    let Some(t) = real() else { return };
    interleaving::testing::assert_every_property_breakable(t, &spec(), &properties());
}

#[test]
fn the_killed_worker_writes_nothing_after_its_kill() {
    let Some(t) = real() else { return };
    // A line of worker-1 moved after main's `kill`: a dead process cannot write.
    let b = broken(t, WORKER_DIES, |e| {
        let h = pos(e, |ev| ev.kind == "hold");
        let hold = e.remove(h);
        let k = pos(e, kind("kill"));
        e.insert(k + 1, hold);
    });
    caught_by_every_trace_rule(&b, "joined-actors-are-finished");
}
