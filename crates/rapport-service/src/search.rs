//! The search index an import left owed (core's `Store::index_owed_search`): an import writes
//! its rows' search index after its move, in short slices, and returns once it is written; one
//! killed meanwhile leaves the rest for the next program that opens the database, which
//! finishes it here: the CLI before its command, the app in the background at start.

use rapport_core::store::SearchIndexed;
use rapport_core::Store;

use crate::{Failure, Result, Service};

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
    pub fn index_owed_search_in_background(&self) -> Option<std::thread::JoinHandle<Option<SearchIndexed>>> {
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
}
