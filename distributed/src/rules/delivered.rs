//! Each read or claim after its item's `adding`: the fold behind
//! [`delivered_after_adding`](super::delivered_after_adding).

use std::collections::HashSet;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::split_tag;
use crate::kinds;

/// Keeps one name per item whose `adding` came (an entry may be read, or claimed again, any
/// time after it), and the first read or claim that came before its item's.
#[derive(Default)]
pub(crate) struct Delivered {
    began: HashSet<String>,
    broken: Option<Outcome>,
}

impl Fold for Delivered {
    fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        match l.event.kind.as_str() {
            kinds::ADDING => {
                self.began.insert(l.event.value.clone());
            }
            kinds::READ | kinds::CLAIM => {
                let (item, _) = split_tag(&l.event.value);
                if !self.began.contains(item) {
                    self.broken = Some(violated(
                        "delivered-after-adding",
                        "every read or claim of an item comes after its adding",
                        format!("adding {item} before this {}", l.event.kind),
                        format!("{} of {item} first", l.event.kind),
                        vec![l.no],
                    ));
                }
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.broken.unwrap_or(Outcome::Held)
    }
}
