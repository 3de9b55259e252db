//! The demo network (being written by a helper; this is its agreed signature).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

/// What [`load_demo`] created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub contacts: usize,
    pub interactions: usize,
    pub questions: usize,
    pub value_items: usize,
    pub posts: usize,
    pub reactions: usize,
}

/// Fills an empty database with the demo network whose history ends at `now`, in one transaction.
pub fn load_demo(store: &mut Store, now: DateTime<Utc>) -> Result<DemoSummary> {
    let _ = (store, now);
    todo!("demo network")
}
