//! Give before take, in time: per tie, who gave first and how long before value came back; for
//! the network, Generosity's credit for giving when nothing was owed.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::history::*;
use super::settings::ModelSettings;
use crate::model::{ContactId, Direction, Party};

/// Who opened a tie's exchange of value, and how long the other side took to give back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct GiveFirst {
    /// `me`: I gave first; `them`: they did; `None`: no value exchanged yet.
    pub first: Option<Party>,
    /// When the first item was given.
    #[serde(with = "super::history::iso::opt")]
    pub since: Option<Secs>,
    /// Days from that first item to the first one the other way; `None` while nothing came back.
    pub returned_after_days: Option<f64>,
}

/// The tie's [`GiveFirst`] from its value items up to the date measured (in time order).
pub fn give_first<'a>(values: impl IntoIterator<Item = &'a ValueFact>) -> GiveFirst {
    let mut values = values.into_iter();
    let Some(first) = values.next() else { return GiveFirst::default() };
    let came_back = values.find(|v| v.direction != first.direction);
    GiveFirst {
        first: Some(if first.direction == Direction::Given { Party::Me } else { Party::Them }),
        since: Some(first.at),
        returned_after_days: came_back.map(|v| (v.at - first.at).max(0) as f64 / DAY),
    }
}

/// What each of `values` (in time order) weighs in Generosity's share of the value given: its
/// kind's weight × its own weight, and for an item I gave while I owed that contact nothing (what
/// I had received from them, weighted so, was not more than what I had given them) × (1 +
/// `generosity_first_bonus`): giving first, or again without a return, counts more than paying
/// back. Each item's weight depends only on the items before it, so it never changes later.
pub fn credited_weights(values: &[ValueFact], s: &ModelSettings) -> Vec<f64> {
    let mut balance: HashMap<ContactId, (f64, f64)> = HashMap::new();
    values
        .iter()
        .map(|v| {
            let w = s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0);
            let (given, received) = balance.entry(v.contact).or_default();
            match v.direction {
                Direction::Given => {
                    let owed_nothing = *received <= *given;
                    *given += w;
                    if owed_nothing {
                        w * (1.0 + s.generosity_first_bonus)
                    } else {
                        w
                    }
                }
                Direction::Received => {
                    *received += w;
                    w
                }
            }
        })
        .collect()
}

/// The place of `item` in `values`, for an item borrowed from that slice.
pub fn place_in(values: &[ValueFact], item: &ValueFact) -> usize {
    (std::ptr::from_ref(item) as usize - values.as_ptr() as usize) / std::mem::size_of::<ValueFact>()
}
