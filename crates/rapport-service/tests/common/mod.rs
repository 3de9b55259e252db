//! What the service's tests share.

use std::path::{Path, PathBuf};

use rapport_core::Store;

#[path = "../../../rapport-core/tests/common/pages.rs"]
mod pages;

/// A database of a few hundred contacts over several pages, closed, at `dir/rapport.db`: the
/// damage of `rapport_core::backup::damage` (its third page) lands in its data.
pub fn database_with_pages(dir: &Path) -> PathBuf {
    let path = dir.join("rapport.db");
    let mut store = Store::open(&path).unwrap();
    pages::add_contacts_over_pages(&mut store);
    store.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    path
}
