//! How far a long step has gone, and the callback that hears it (and may cancel it). Apart from
//! `import`, which re-exports it, so that the store's search indexing can report to the same
//! callback without the store naming the import module (which names the store).

use serde::{Deserialize, Serialize};

/// The step an import is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the file: `done` and `total` in bytes.
    Reading,
    /// Matching against the database: records.
    Matching,
    /// Writing: records.
    Writing,
    /// Indexing the written rows for search, after they are in (the import cannot be cancelled
    /// any more): rows.
    Indexing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

/// Called now and then during a long import; returning `false` cancels it (nothing is written).
pub type OnProgress<'a> = &'a mut dyn FnMut(Progress) -> bool;
