//! The search index after the service puts another file in the database's place (issue 17): a
//! backup taken between two slices of an import's indexing carries the ranges still owed, and
//! a restore from the window must index them without waiting for the next start. A backup the
//! service takes has its index complete.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rapport_core::backup::damage::{damage, Damage};
use rapport_core::import::{self, ImportOptions, Stage};
use rapport_core::{ContactFields, ContactQuery, Store};
use rapport_service::Service;

// The cards rapport-core's import tests generate.
#[path = "../../rapport-core/tests/common/cards.rs"]
mod cards;
mod common;
use common::database_with_pages;

const CARDS: usize = 2_500;

/// A database at `path` whose import of `CARDS` cards was killed once its move committed (a
/// panic at its indexing stage stops it there): every contact is in, none of them indexed.
fn database_owing_search_rows(path: &Path) -> Store {
    let cards = path.with_extension("vcf");
    cards::write_cards(&cards, CARDS);
    let mut store = Store::open(path).unwrap();
    let stopped = catch_unwind(AssertUnwindSafe(|| {
        import::apply_file(&mut store, &cards, &ImportOptions::default(), &mut |p| {
            assert!(p.stage != Stage::Indexing, "killed after the move");
            true
        })
    }));
    assert!(stopped.is_err());
    assert_eq!(store.search_owed().unwrap(), CARDS as u64);
    store
}

/// A backup of a database whose last import was killed before it indexed: it owes every row.
fn backup_owing_search_rows(dir: &Path) -> PathBuf {
    let store = database_owing_search_rows(&dir.join("elsewhere.db"));
    let backup = dir.join("between-two-slices.db");
    store.backup_to(&backup).unwrap();
    backup
}

fn found(service: &Service, text: &str) -> Vec<String> {
    let query = ContactQuery { search: Some(text.into()), ..Default::default() };
    service.read(|s| s.list_contacts(&query)).unwrap().into_iter().map(|c| c.display_name).collect()
}

/// Searches `text` until it finds something or a minute has passed (the indexing runs in the
/// background, and 2,500 rows take two slices).
fn found_within_a_minute(service: &Service, text: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let names = found(service, text);
        if !names.is_empty() || Instant::now() > deadline {
            return names;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_restored_backup_that_owes_search_rows_is_indexed_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let backup = backup_owing_search_rows(dir.path());
    let service = Service::open(&dir.path().join("rapport.db"));
    service.add_contact(&ContactFields::named("Ana Before")).unwrap();

    service.restore_file(&backup).unwrap();
    assert_eq!(found_within_a_minute(&service, "p2499@cards"), ["Person 2499 Zed"]);
    assert_eq!(found(&service, "p0@cards"), ["Person 0 Zed"]);
    service.wait_for_search_index();
    assert_eq!(service.read(Store::search_owed).unwrap(), 0);
    assert!(found(&service, "Ana").is_empty(), "the restore replaced the content");
}

/// Damage that keeps the store shut: the restore replaces the file, and the restored store,
/// which owes its rows, is indexed the same way.
#[test]
fn a_backup_restored_over_a_database_too_damaged_to_open_is_indexed_too() {
    let dir = tempfile::tempdir().unwrap();
    let backup = backup_owing_search_rows(dir.path());
    let path = database_with_pages(dir.path());
    damage(&path, Damage::WrongPageCount);
    let service = Service::open(&path);
    assert!(service.open_error().is_some(), "the damage keeps the store shut");

    service.restore_file(&backup).unwrap();
    assert_eq!(found_within_a_minute(&service, "p2499@cards"), ["Person 2499 Zed"]);
    service.wait_for_search_index();
    assert_eq!(service.read(Store::search_owed).unwrap(), 0);
}

/// The window's "Back up now" (and the CLI's `backup now`, which finishes the index before any
/// command): the backup owes nothing, so whatever restores it, even by copying the file, has a
/// complete index.
#[test]
fn a_backup_taken_by_the_service_has_its_search_index_complete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    drop(database_owing_search_rows(&path));
    let service = Service::open(&path);

    let backup = service.backup_now().unwrap();
    let copy = Store::open(&backup.path).unwrap();
    assert_eq!(copy.search_owed().unwrap(), 0, "the backup carries no owed range");
    let query = ContactQuery { search: Some("p1234@cards".into()), ..Default::default() };
    let names: Vec<String> = copy.list_contacts(&query).unwrap().into_iter().map(|c| c.display_name).collect();
    assert_eq!(names, ["Person 1234 Zed"]);
    assert_eq!(service.read(Store::search_owed).unwrap(), 0, "the database's own index is complete too");
}
