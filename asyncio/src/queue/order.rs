//! The three orders asyncio's queues hand items back in: `Queue` (first in, first out),
//! `LifoQueue` (last in, first out) and `PriorityQueue` (smallest first, as `heapq`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Where a queue keeps its items, and which comes out next (Python's `_put`/`_get`).
pub trait Order<T>: Default {
    /// Stores one item.
    fn push(&mut self, item: T);
    /// Takes the next item, if any.
    fn pop(&mut self) -> Option<T>;
    /// How many items are stored.
    fn len(&self) -> usize;
    /// Whether no item is stored.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// First in, first out: `asyncio.Queue`.
#[derive(Debug)]
pub struct Fifo<T>(VecDeque<T>);
/// Last in, first out: `asyncio.LifoQueue`.
#[derive(Debug)]
pub struct Lifo<T>(Vec<T>);
/// Smallest first: `asyncio.PriorityQueue` (Python's `heapq` is a min-heap; `BinaryHeap` is a
/// max-heap, hence `Reverse`). Put `(priority, item)` tuples for Python's usual pattern.
#[derive(Debug)]
pub struct Priority<T: Ord>(BinaryHeap<Reverse<T>>);

impl<T> Default for Fifo<T> {
    fn default() -> Self {
        Fifo(VecDeque::new())
    }
}

impl<T> Default for Lifo<T> {
    fn default() -> Self {
        Lifo(Vec::new())
    }
}

impl<T: Ord> Default for Priority<T> {
    fn default() -> Self {
        Priority(BinaryHeap::new())
    }
}

impl<T> Order<T> for Fifo<T> {
    fn push(&mut self, item: T) {
        self.0.push_back(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop_front()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl<T> Order<T> for Lifo<T> {
    fn push(&mut self, item: T) {
        self.0.push(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl<T: Ord> Order<T> for Priority<T> {
    fn push(&mut self, item: T) {
        self.0.push(Reverse(item));
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop().map(|Reverse(item)| item)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}
