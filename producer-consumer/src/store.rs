//! Where the items wait, in which order they come out: Python's `Queue._put` / `Queue._get`,
//! which `LifoQueue` and `PriorityQueue` override. Here the override is a [`Store`].

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// The container behind a queue: Python's `_init`, `_qsize`, `_put`, `_get`.
pub trait Store: Default {
    /// What the queue holds.
    type Item;
    /// Adds an item (`_put`).
    fn push(&mut self, item: Self::Item);
    /// Takes the next item out (`_get`), if any.
    fn pop(&mut self) -> Option<Self::Item>;
    /// How many items wait (`_qsize`).
    fn len(&self) -> usize;
    /// Whether none wait.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// First in, first out (`queue.Queue`): a `VecDeque`, like Python's `collections.deque`.
#[derive(Debug)]
pub struct Fifo<T>(VecDeque<T>);

/// Last in, first out (`queue.LifoQueue`): a `Vec` used as a stack, like Python's list.
#[derive(Debug)]
pub struct Lifo<T>(Vec<T>);

/// Lowest first (`queue.PriorityQueue`): a min-heap, like Python's `heapq`.
#[derive(Debug)]
pub struct Lowest<T: Ord>(BinaryHeap<Reverse<T>>);

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

impl<T: Ord> Default for Lowest<T> {
    fn default() -> Self {
        Lowest(BinaryHeap::new())
    }
}

impl<T> Store for Fifo<T> {
    type Item = T;
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

impl<T> Store for Lifo<T> {
    type Item = T;
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

impl<T: Ord> Store for Lowest<T> {
    type Item = T;
    fn push(&mut self, item: T) {
        self.0.push(Reverse(item));
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop().map(|Reverse(t)| t)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}
