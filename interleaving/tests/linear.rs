//! Each bad pattern of the queue monitor, on the smallest history that shows it, and the
//! general search's other models: every check here must be able to fail.

use interleaving::linear::{self, History, Model, Op, Pattern};
use interleaving::wgl::{self, Counter, Set};
use interleaving::{Property, Trace, check};

fn op(actor: &str, name: &str, arg: &str, result: &str, call: usize, ret: usize) -> Op {
    Op::new(actor, name, arg, result, call, ret)
}

fn found(model: Model, ops: Vec<Op>) -> Option<Pattern> {
    linear::check(&History { ops }, model)
        .err()
        .map(|f| f.pattern)
}

#[test]
fn fresh_a_value_never_put_or_got_before_its_put_began() {
    assert_eq!(
        found(Model::Fifo, vec![op("c", "get", "", "7", 1, 2)]),
        Some(Pattern::Fresh)
    );
    let ops = vec![
        op("c", "get", "", "7", 1, 2),
        op("p", "put", "7", "ok", 3, 4),
    ];
    assert_eq!(found(Model::Fifo, ops), Some(Pattern::Fresh));
    // Overlapping: the put may have taken effect just before the get.
    let ops = vec![
        op("c", "get", "", "7", 1, 3),
        op("p", "put", "7", "ok", 2, 4),
    ];
    assert_eq!(found(Model::Fifo, ops), None);
}

#[test]
fn repeated_a_value_got_twice_and_not_unique_a_value_put_twice() {
    let put = op("p", "put", "7", "ok", 1, 2);
    let ops = vec![
        put.clone(),
        op("c", "get", "", "7", 3, 4),
        op("d", "get", "", "7", 5, 6),
    ];
    assert_eq!(found(Model::Fifo, ops), Some(Pattern::Repeated));
    let ops = vec![put.clone(), op("q", "put", "7", "ok", 3, 4)];
    assert_eq!(found(Model::Fifo, ops), Some(Pattern::NotUnique));
    // A failed put_nowait changed nothing: putting the item again later is no repeat.
    let ops = vec![
        op("p", "put_nowait", "7", "!Full", 1, 2),
        op("p", "put", "7", "ok", 3, 4),
    ];
    assert_eq!(found(Model::Fifo, ops), None);
}

#[test]
fn order_b_out_first_or_a_never_out_though_put_a_came_first() {
    let a = op("p1", "put", "a", "ok", 1, 2);
    let b = op("p2", "put", "b", "ok", 3, 4);
    let ops = vec![a.clone(), b.clone(), op("c", "get", "", "b", 5, 6)];
    assert_eq!(found(Model::Fifo, ops.clone()), Some(Pattern::Order));
    assert_eq!(found(Model::Lifo, ops), None, "a stack hands out b first");
    // The puts overlap: b may have gone in first.
    let ops = vec![
        op("p1", "put", "a", "ok", 1, 4),
        op("p2", "put", "b", "ok", 2, 3),
        op("c", "get", "", "b", 5, 6),
    ];
    assert_eq!(found(Model::Fifo, ops), None);
}

#[test]
fn covered_an_empty_get_while_values_took_turns_being_surely_in() {
    // a surely in over lines 2..5, b over 4..10: together they cover the whole get 3..8.
    let ops = vec![
        op("p", "put", "a", "ok", 1, 2),
        op("e", "get_nowait", "", "!Empty", 3, 8),
        op("p", "put", "b", "ok", 3, 4),
        op("c", "get", "", "a", 5, 6),
        op("c", "get", "", "b", 10, 11),
    ];
    let f = linear::check(&History { ops: ops.clone() }, Model::Fifo).unwrap_err();
    assert_eq!(f.pattern, Pattern::Covered);
    assert_eq!(
        f.ops.len(),
        5,
        "the empty get, and a's and b's put and get: {f}"
    );
    assert_eq!(f.lines(), vec![1, 2, 3, 4, 5, 6, 8, 10, 11]);
    // Without b, the get may have seen the queue empty after a came out.
    let without_b: Vec<Op> = ops
        .into_iter()
        .filter(|o| &*o.arg != "b" && o.result.as_deref() != Some("b"))
        .collect();
    assert_eq!(found(Model::Fifo, without_b), None);
}

#[test]
fn priority_a_higher_item_out_while_a_lower_one_surely_waited() {
    let ops = vec![
        op("p", "put", "2", "ok", 1, 2),
        op("p", "put", "10", "ok", 3, 4),
        op("c", "get", "", "10", 5, 6),
        op("c", "get", "", "2", 7, 8),
    ];
    assert_eq!(found(Model::Priority, ops), Some(Pattern::Covered));
    // Compared as numbers, not strings ("10" < "2"): 2 first is right.
    let ops = vec![
        op("p", "put", "10", "ok", 1, 2),
        op("p", "put", "2", "ok", 3, 4),
        op("c", "get", "", "2", 5, 6),
        op("c", "get", "", "10", 7, 8),
    ];
    assert_eq!(found(Model::Priority, ops), None);
}

#[test]
fn lifo_an_item_out_from_under_one_pushed_after_it() {
    let ops = vec![
        op("p", "put", "a", "ok", 1, 2),
        op("p", "put", "b", "ok", 3, 4),
        op("c", "get", "", "a", 5, 6),
    ];
    assert_eq!(found(Model::Lifo, ops.clone()), Some(Pattern::Covered));
    assert_eq!(found(Model::Fifo, ops), None);
}

#[test]
fn a_trace_that_is_not_a_history_is_a_violation_and_so_is_no_operation() {
    let p = Property::new("linearizable", linear::linearizable(Model::Fifo));
    let t = Trace::from_steps([("c", "call", "get"), ("c", "call", "get")]);
    assert!(
        check(&t, std::slice::from_ref(&p))
            .to_string()
            .contains("has not returned")
    );
    let t = Trace::from_steps([("c", "call", "get"), ("c", "ret", "put ok")]);
    assert!(
        check(&t, std::slice::from_ref(&p))
            .to_string()
            .contains("but called get")
    );
    let t = Trace::from_steps([("main", "print", "hello")]);
    assert!(check(&t, &[p]).to_string().contains("at least one `call`"));
}

#[test]
fn objects_are_checked_apart() {
    // Two queues, each FIFO on its own; mixed into one they would not be.
    let t = Trace::from_steps([
        ("p", "call", "jobs.put a"),
        ("p", "ret", "jobs.put ok"),
        ("p", "call", "logs.put b"),
        ("p", "ret", "logs.put ok"),
        ("c", "call", "logs.get"),
        ("c", "ret", "logs.get b"),
    ]);
    let h = History::from_lines(&t.lines).unwrap();
    assert_eq!(&*h.ops[0].obj, "jobs");
    assert!(linear::check(&h, Model::Fifo).is_ok());
}

#[test]
fn the_general_search_serves_a_counter_and_a_set() {
    let ops = [
        op("a", "add", "2", "ok", 1, 4),
        op("b", "add", "3", "ok", 2, 3),
        op("r", "get", "", "3", 5, 6),
    ];
    assert!(
        wgl::linearizable(&Counter, &ops).is_err(),
        "both adds returned before: 5"
    );
    let ops = [
        op("a", "add", "x", "true", 1, 2),
        op("b", "add", "y", "true", 1, 2),
        op("c", "contains", "x", "false", 3, 4),
    ];
    let e = wgl::linearizable(&Set, &ops).unwrap_err();
    assert_eq!(
        e.ops.len(),
        2,
        "split by element: only x's part is unexplained"
    );
}
