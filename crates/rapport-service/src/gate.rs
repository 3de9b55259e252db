//! The swap gate: what stands between the connections the service opens beside its lock (the
//! agenda's reads, the search indexing) and the calls that put another file in the database's
//! place (a restore, encryption turned on). A swap closes only the service's own connection,
//! under its lock; a connection of its own left open across it would read the replaced file (on
//! Unix, its writes fail) or, on Windows, keep the rename from happening at all. So a side
//! connection is opened and used while holding the gate shared, and a swap takes it exclusively
//! before it touches the file. A long holder (the indexing) asks between two slices whether a
//! swap waits, and lets go.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Default)]
pub(crate) struct SwapGate {
    gate: RwLock<()>,
    /// Swaps waiting for the gate or holding it.
    swaps: AtomicUsize,
}

/// Held while a side connection is open: no swap starts meanwhile.
pub(crate) struct Beside<'a>(#[allow(dead_code)] RwLockReadGuard<'a, ()>);

/// Held by a swap: no side connection is open meanwhile.
pub(crate) struct Swapping<'a> {
    gate: &'a SwapGate,
    _held: RwLockWriteGuard<'a, ()>,
}

impl SwapGate {
    /// Waits until no swap runs, and keeps any from starting until the guard is dropped. Never
    /// taken twice on one thread (a swap waiting between the two would stop both).
    pub(crate) fn beside(&self) -> Beside<'_> {
        // The guarded value is `()`: a panic elsewhere leaves nothing half-done to see.
        Beside(self.gate.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Waits until every side connection is closed (the indexing stops at its next slice), and
    /// keeps new ones from opening until the guard is dropped. Taken before the service's lock.
    pub(crate) fn swap(&self) -> Swapping<'_> {
        self.swaps.fetch_add(1, Ordering::SeqCst);
        let held = self.gate.write().unwrap_or_else(|p| p.into_inner());
        Swapping { gate: self, _held: held }
    }

    /// Whether a swap waits for the gate (or holds it): a long holder lets go.
    pub(crate) fn swap_waiting(&self) -> bool {
        self.swaps.load(Ordering::SeqCst) > 0
    }
}

impl Drop for Swapping<'_> {
    fn drop(&mut self) {
        self.gate.swaps.fetch_sub(1, Ordering::SeqCst);
    }
}
