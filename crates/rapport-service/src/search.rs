//! The search index an import left owed (core's `Store::index_owed_search`): an import writes
//! its rows' search index after its move, in short slices, and returns once it is written; one
//! killed meanwhile leaves the rest for the next program that opens the database, which
//! finishes it here: the CLI before its command, the app in the background at start. A swap
//! of the database (a restore, an unlock, encryption turned on) puts a file in place that may
//! owe rows too (a backup taken between two slices carries its ranges): indexed in the
//! background after the swap, the same way.

use rapport_core::store::SearchIndexed;
use rapport_core::Store;

use crate::{Failure, Result, Service};

/// A background indexing's thread: what it indexed, `None` when it failed.
pub(crate) type Indexing = std::thread::JoinHandle<Option<SearchIndexed>>;

impl Service {
    /// Indexes for search whatever rows are owed, on the service's own connection (the CLI,
    /// which runs one command). Nothing owed, the rule, costs one small read.
    pub fn index_owed_search(&self) -> Result<SearchIndexed> {
        if self.read(Store::search_owed)? == 0 {
            return Ok(SearchIndexed::default());
        }
        self.with_open(|open| open.store.index_owed_search(&mut |_| true).map_err(Failure::from))
    }

    /// [`Service::index_owed_search`] on a thread of its own with its own connection (the app at
    /// start, as its daily backup): the window's calls go on meanwhile, each slice holding the
    /// database's write lock for a moment. Returns the thread, which tests join; `None` when
    /// nothing is owed. A failure is printed: a search may miss the rows until the next start.
    pub fn index_owed_search_in_background(&self) -> Option<Indexing> {
        if self.read(Store::search_owed).ok()? == 0 {
            return None;
        }
        let service = self.clone();
        Some(std::thread::spawn(move || {
            let own = service.db_path().map(|db| Store::open_with_key(db, &*service.inner.keychain, None));
            let indexed = match own {
                Some(Ok(mut own)) => own.index_owed_search(&mut |_| true).map_err(Failure::from),
                // In memory, or a key only the open connection holds: on that connection.
                _ => service.index_owed_search(),
            };
            match indexed {
                Ok(done) => Some(done),
                Err(e) => {
                    eprintln!("rapport: indexing the last import for search failed: {}", e.message);
                    None
                }
            }
        }))
    }

    /// After this service put another file in the database's place: what that file owes is
    /// indexed in the background, as at start, since nothing else would before the next start
    /// (a search would miss those contacts until then). The thread is kept for
    /// [`Service::wait_for_search_index`].
    pub(crate) fn index_owed_search_after_swap(&self) {
        let Some(started) = self.index_owed_search_in_background() else { return };
        let mut kept = self.inner.indexing.lock().unwrap_or_else(|p| p.into_inner());
        // An earlier swap's thread goes on unwatched: both share what is owed, slice by slice.
        *kept = Some(started);
    }

    /// Waits for the indexing started by the last swap (a restore), if one runs: for a caller
    /// that ends right after it (the CLI, whose exit would stop the thread and leave the rows
    /// owed to its next command) and for tests. What it indexed; `None` when none ran or it failed.
    pub fn wait_for_search_index(&self) -> Option<SearchIndexed> {
        let running = self.inner.indexing.lock().unwrap_or_else(|p| p.into_inner()).take()?;
        running.join().ok().flatten()
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use rapport_core::import::{self, ImportOptions, Stage};
    use rapport_core::ContactQuery;

    use super::*;

    /// The app at start: an import killed after its move (a panic at its indexing stage stops
    /// it there) left its search rows owed; the background indexing writes them while the
    /// service answers, and a search then finds every imported contact.
    #[test]
    fn the_app_indexes_what_a_killed_import_left_owed_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rapport.db");
        let cards = dir.path().join("cards.vcf");
        let text: String = (0..2_500)
            .map(|i| {
                format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Zed\r\nEMAIL:p{i}@cards.test\r\nEND:VCARD\r\n")
            })
            .collect();
        std::fs::write(&cards, text).unwrap();
        let mut store = Store::open(&db).unwrap();
        let stopped = catch_unwind(AssertUnwindSafe(|| {
            import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |p| {
                assert!(p.stage != Stage::Indexing, "killed after the move");
                true
            })
        }));
        assert!(stopped.is_err());
        drop(store);

        let service = Service::open(&db);
        let search = |text: &str| -> Vec<String> {
            let query = ContactQuery { search: Some(text.into()), ..Default::default() };
            service.read(|s| s.list_contacts(&query)).unwrap().into_iter().map(|c| c.display_name).collect()
        };
        assert_eq!(service.read(Store::search_owed).unwrap(), 2_500);
        assert!(search("p2499@cards").is_empty(), "a search misses the owed rows meanwhile");
        let done = service.index_owed_search_in_background().expect("something is owed").join().unwrap();
        assert_eq!(done.map(|d| d.rows), Some(2_500));
        assert_eq!(search("p2499@cards"), ["Person 2499 Zed"]);
        assert_eq!(service.read(Store::search_owed).unwrap(), 0);
        assert!(service.index_owed_search_in_background().is_none(), "nothing owed: no thread");
    }
}
