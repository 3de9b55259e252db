//! What a write changed, as every write of the application layer announces it.
//!
//! The caches react to it (a change to a few contacts re-measures just them; any other drops
//! what depends on the data), and so do the listeners: the window redraws what is on screen.

use rapport_core::ContactId;
use serde::Serialize;

/// The part of the data a write changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "scope", content = "contacts", rename_all = "snake_case")]
pub enum Change {
    /// Only what these contacts took part in: their record, their interactions, questions and
    /// value. The network's index moves too, since it is made of them.
    Contacts(Vec<ContactId>),
    /// Anything: settings, merges, imports, a restore, a write by another program.
    Everything,
}

impl Change {
    pub fn contact(id: ContactId) -> Change {
        Change::Contacts(vec![id])
    }
}

/// A change as listeners receive it: what changed, and whether this process wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    #[serde(flatten)]
    pub change: Change,
    /// Not a write of this process: another program (the CLI, a second window) wrote to the
    /// database, or the figures were measured again and moved (see [`crate::kept`]).
    pub external: bool,
}
