//! The search index an import left owed (core's `Store::index_owed_search`): an import writes
//! its rows' search index after its move, in short slices, and returns once it is written; one
//! killed meanwhile leaves the rest for the next program that opens the database, which
//! finishes it here: the CLI before its command, the app in the background at start. A swap
//! of the database (a restore, an unlock, encryption turned on) puts a file in place that may
//! owe rows too (a backup taken between two slices carries its ranges): indexed in the
//! background after the swap, the same way.

use rapport_core::store::{SearchIndexed, PAUSE_BETWEEN_SLICES};
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
        self.index_in_background_after_each_slice(|| {})
    }

    /// [`Service::index_owed_search_in_background`], with `after_slice` run after each slice (the
    /// tests').
    pub(crate) fn index_in_background_after_each_slice(
        &self,
        mut after_slice: impl FnMut() + Send + 'static,
    ) -> Option<Indexing> {
        if self.read(Store::search_owed).ok()? == 0 {
            return None;
        }
        let service = self.clone();
        Some(std::thread::spawn(move || match service.index_owed_search_beside_the_lock(&mut after_slice) {
            Ok(done) => Some(done),
            Err(e) => {
                eprintln!("rapport: indexing the last import for search failed: {}", e.message);
                None
            }
        }))
    }

    /// Indexes what is owed without holding the service's lock for more than a slice: on a
    /// connection of its own, which lets go of the file between two slices when a swap waits for
    /// it ([`crate::gate`]; the swap indexes what its file owes), or, in memory or with a key
    /// only the open connection holds, on that connection, one slice per turn of the lock.
    pub(crate) fn index_owed_search_beside_the_lock(&self, after_slice: &mut dyn FnMut()) -> Result<SearchIndexed> {
        if self.read(Store::search_owed)? == 0 {
            return Ok(SearchIndexed::default());
        }
        let gate = &self.inner.swap_gate;
        if let Some(db) = self.db_path() {
            let _beside = gate.beside();
            if let Ok(mut own) = Store::open_with_key(db, &*self.inner.keychain, None) {
                let mut go_on = || {
                    after_slice();
                    !gate.swap_waiting()
                };
                return Ok(own.index_owed_search_while(&mut |_| true, &mut go_on)?);
            }
        }
        self.index_slice_by_slice_under_the_lock(after_slice)
    }

    /// One slice at a time under the service's lock, the lock let go during the pause between
    /// two: the window's calls are served between slices.
    fn index_slice_by_slice_under_the_lock(&self, after_slice: &mut dyn FnMut()) -> Result<SearchIndexed> {
        let mut done = SearchIndexed::default();
        loop {
            let slice = self.with_open(|open| {
                open.store.index_owed_search_while(&mut |_| true, &mut || false).map_err(Failure::from)
            })?;
            if slice.slices == 0 {
                return Ok(done);
            }
            done.rows += slice.rows;
            done.slices += slice.slices;
            done.longest_slice = done.longest_slice.max(slice.longest_slice);
            after_slice();
            std::thread::sleep(PAUSE_BETWEEN_SLICES);
        }
    }

    /// After this service put another file in the database's place: what that file owes is
    /// indexed in the background, as at start, since nothing else would before the next start
    /// (a search would miss those contacts until then). The thread is kept for
    /// [`Service::wait_for_search_index`].
    pub(crate) fn index_owed_search_after_swap(&self) {
        let Some(started) = self.index_owed_search_in_background() else { return };
        let mut kept = self.inner.indexing.lock().unwrap_or_else(|p| p.into_inner());
        // An earlier thread on a connection of its own let go at this swap ([`crate::gate`]); one
        // on the service's connection goes on unwatched, sharing what is owed slice by slice.
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
pub(crate) mod tests {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::path::Path;
    use std::sync::mpsc;
    use std::time::Duration;

    use rapport_core::import::{self, ImportOptions, Stage};
    use rapport_core::ContactQuery;

    use super::*;

    /// A database at `db` whose import of `count` cards (`{stem} {i} Zed`, `{stem}{i}@cards.test`)
    /// was killed after its move (a panic at its indexing stage stops it there): every contact
    /// is in, none indexed for search.
    pub(crate) fn killed_import(db: &Path, stem: &str, count: usize) -> Store {
        let mut store = Store::open(db).unwrap();
        kill_an_import(&mut store, &db.with_extension("vcf"), stem, count);
        store
    }

    /// [`killed_import`] into `store`, the cards written to `cards`.
    fn kill_an_import(store: &mut Store, cards: &Path, stem: &str, count: usize) {
        let text: String = (0..count)
            .map(|i| {
                format!(
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{stem} {i} Zed\r\nEMAIL:{stem}{i}@cards.test\r\nEND:VCARD\r\n"
                )
            })
            .collect();
        std::fs::write(cards, text).unwrap();
        let stopped = catch_unwind(AssertUnwindSafe(|| {
            import::apply_file(store, cards, &ImportOptions::default(), &mut |p| {
                assert!(p.stage != Stage::Indexing, "killed after the move");
                true
            })
        }));
        assert!(stopped.is_err());
    }

    fn search(service: &Service, text: &str) -> Vec<String> {
        let query = ContactQuery { search: Some(text.into()), ..Default::default() };
        service.read(|s| s.list_contacts(&query)).unwrap().into_iter().map(|c| c.display_name).collect()
    }

    /// The app at start: an import killed after its move left its search rows owed; the
    /// background indexing writes them while the service answers, and a search then finds every
    /// imported contact.
    #[test]
    fn the_app_indexes_what_a_killed_import_left_owed_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rapport.db");
        drop(killed_import(&db, "p", 2_500));

        let service = Service::open(&db);
        assert_eq!(service.read(Store::search_owed).unwrap(), 2_500);
        assert!(search(&service, "p2499@cards").is_empty(), "a search misses the owed rows meanwhile");
        let done = service.index_owed_search_in_background().expect("something is owed").join().unwrap();
        assert_eq!(done.map(|d| d.rows), Some(2_500));
        assert_eq!(search(&service, "p2499@cards"), ["p 2499 Zed"]);
        assert_eq!(service.read(Store::search_owed).unwrap(), 0);
        assert!(service.index_owed_search_in_background().is_none(), "nothing owed: no thread");
    }

    /// With no second connection (in memory, or an encrypted database whose key only the open
    /// connection holds) the indexing runs on the service's own, one slice per turn of its lock:
    /// the window's calls are served between two slices, not after the last.
    #[test]
    fn without_a_connection_of_its_own_the_indexing_lets_the_window_in_between_slices() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        kill_an_import(&mut store, &dir.path().join("cards.vcf"), "m", 2_500);
        let service = Service::from_store(store);
        let other = service.clone();
        let (served, heard) = mpsc::channel();
        let done = service
            .index_in_background_after_each_slice(move || {
                let (answered, heard) = mpsc::channel();
                let other = other.clone();
                std::thread::spawn(move || answered.send(other.is_empty().is_ok()));
                let _ = served.send(heard.recv_timeout(Duration::from_secs(5)) == Ok(true));
            })
            .expect("something is owed")
            .join()
            .unwrap();
        assert_eq!(done.map(|d| (d.rows, d.slices)), Some((2_500, 2)));
        assert_eq!(heard.try_iter().collect::<Vec<_>>(), [true, true], "another call waited for a slice");
        assert_eq!(search(&service, "m2499@cards"), ["m 2499 Zed"]);
    }

    /// The background indexing of `service`, held after its first slice (still holding its
    /// connection) until the sender is used, which lets it ask whether to go on.
    fn indexing_held_after_its_first_slice(service: &Service) -> (Indexing, mpsc::Sender<()>) {
        let (sliced, heard) = mpsc::channel();
        let (go, told) = mpsc::channel::<()>();
        let indexing = service
            .index_in_background_after_each_slice(move || {
                let _ = sliced.send(());
                let _ = told.recv_timeout(Duration::from_secs(10));
            })
            .expect("something is owed");
        heard.recv_timeout(Duration::from_secs(60)).expect("a first slice");
        (indexing, go)
    }

    /// A restore while the indexing at start runs on its own connection: the indexing lets go of
    /// the file at its next slice, the restore waits for that (never replacing the file under an
    /// open connection), and what the restored file owes is indexed after it.
    #[test]
    fn a_restore_stops_the_background_indexing_between_slices_and_the_restored_file_is_indexed_after() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rapport.db");
        drop(killed_import(&db, "p", 2_500));
        let backup = dir.path().join("backup.db");
        killed_import(&dir.path().join("elsewhere.db"), "r", 2_500).backup_to(&backup).unwrap();

        let service = Service::open(&db);
        let (indexing, go) = indexing_held_after_its_first_slice(&service);
        let other = service.clone();
        let restore = std::thread::spawn(move || other.restore_file(&backup));
        std::thread::sleep(Duration::from_millis(300));
        assert!(!restore.is_finished(), "the restore replaced the file while the indexing had it open");
        go.send(()).unwrap();
        restore.join().unwrap().unwrap();
        let done = indexing.join().unwrap().expect("it stopped, not failed");
        assert_eq!(done.slices, 1, "it stopped after the slice during which the restore came");
        assert!(done.rows < 2_500);

        let after = service.wait_for_search_index().expect("the restored file's rows indexed");
        assert_eq!(after.rows, 2_500);
        assert_eq!(search(&service, "r2499@cards"), ["r 2499 Zed"]);
        assert!(search(&service, "p1@cards").is_empty(), "the restore replaced the content");
        assert_eq!(service.read(Store::search_owed).unwrap(), 0);
    }

    /// Encryption turned on while the indexing at start runs on its own connection to the plain
    /// file: the rewrite waits until that connection let go (at its next slice), and what the
    /// encrypted file still owes is indexed after it, on a connection opened with the key.
    #[cfg(feature = "encryption")]
    #[test]
    fn turning_encryption_on_stops_the_background_indexing_and_the_encrypted_file_is_indexed_after() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rapport.db");
        drop(killed_import(&db, "p", 2_500));
        let keychain = std::sync::Arc::new(rapport_core::crypt::MemoryKeychain::default());
        let service = Service::open_with_keychain(&db, keychain);
        let (indexing, go) = indexing_held_after_its_first_slice(&service);
        let other = service.clone();
        let enabling = std::thread::spawn(move || other.enable_encryption().map(|_| ()));
        std::thread::sleep(Duration::from_millis(300));
        assert!(!enabling.is_finished(), "the rewrite replaced the file while the indexing had it open");
        go.send(()).unwrap();
        enabling.join().unwrap().unwrap();
        assert!(rapport_core::crypt::is_encrypted(&db).unwrap());
        let done = indexing.join().unwrap().expect("it stopped, not failed");
        assert_eq!(done.slices, 1);

        let after = service.wait_for_search_index().expect("the encrypted file's rows indexed");
        assert_eq!(done.rows + after.rows, 2_500);
        assert_eq!(search(&service, "p2499@cards"), ["p 2499 Zed"]);
        assert_eq!(search(&service, "p0@cards"), ["p 0 Zed"]);
        assert_eq!(service.read(Store::search_owed).unwrap(), 0);
    }
}
