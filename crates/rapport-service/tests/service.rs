//! The application layer through its public calls: the lock, panics, what writes announce, the
//! caches following them, and other programs' writes noticed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone, Utc};
use rapport_core::directory::ContactListQuery;
use rapport_core::*;
use rapport_service::{Change, Changed, Service};

fn heard(service: &Service) -> Arc<Mutex<Vec<Changed>>> {
    let heard = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&heard);
    service.on_change(move |c| sink.lock().unwrap().push(c.clone()));
    heard
}

/// A call two days ago that I started, with `who`.
fn call_with(who: ContactId) -> NewInteraction {
    let two_days_ago = (Utc::now() - chrono::Duration::days(2)).naive_utc();
    let at = FixedOffset::east_opt(0).unwrap().from_utc_datetime(&two_days_ago);
    NewInteraction::new(at, Channel::Call, Party::Me, vec![who])
}

fn count_of(service: &Service, id: ContactId) -> usize {
    let page = service.contact_page(&ContactListQuery::default()).unwrap();
    page.contacts.iter().find(|r| r.id == id).map(|r| r.interaction_count).unwrap()
}

#[test]
fn each_write_tells_the_listeners_what_it_changed_and_a_refused_one_tells_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    let heard = heard(&service);

    let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
    service.log_interaction(&call_with(ana.id)).unwrap();
    let mut settings = service.model_settings().unwrap();
    settings.index_weights.reach = 0.2;
    service.set_model_settings(&settings).unwrap();
    assert!(service.add_contact(&ContactFields::named("  ")).is_err(), "a contact needs a name");

    let heard = heard.lock().unwrap().clone();
    let changes: Vec<(Change, bool)> = heard.into_iter().map(|c| (c.change, c.external)).collect();
    assert_eq!(
        changes,
        [(Change::contact(ana.id), false), (Change::contact(ana.id), false), (Change::Everything, false)],
        "one change per successful write, none for the refused one"
    );
}

#[test]
fn the_contact_list_follows_every_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
    assert_eq!(count_of(&service, ana.id), 0, "the directory is built and cached");
    service.log_interaction(&call_with(ana.id)).unwrap();
    assert_eq!(count_of(&service, ana.id), 1, "a targeted change re-measures the contact");
    let bruno = service.add_contact(&ContactFields::named("Bruno")).unwrap();
    let merge = service.merge_contacts(ana.id, bruno.id).unwrap();
    service.undo_merge(merge.id).unwrap();
    assert_eq!(count_of(&service, ana.id), 1);
    assert_eq!(count_of(&service, bruno.id), 0);
}

#[test]
fn another_programs_write_is_noticed_the_cache_dropped_and_the_listeners_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let service = Service::open(&path);
    let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
    assert_eq!(count_of(&service, ana.id), 0);
    let heard = heard(&service);

    // The CLI, say: its own connection to the same file.
    let mut cli = Store::open(&path).unwrap();
    cli.log_interaction(&call_with(ana.id)).unwrap();

    service.check_other_writers();
    assert_eq!(heard.lock().unwrap().clone(), [Changed { change: Change::Everything, external: true }]);
    assert_eq!(count_of(&service, ana.id), 1, "the list shows the other program's write");
    service.check_other_writers();
    assert_eq!(heard.lock().unwrap().len(), 1, "told once per write, not on every look");

    // Even with no one looking, the next call notices before it reads a cache.
    cli.log_interaction(&call_with(ana.id)).unwrap();
    assert_eq!(count_of(&service, ana.id), 2);
    assert_eq!(heard.lock().unwrap().len(), 2);
}

#[test]
fn the_watcher_reports_another_programs_write_within_a_second_or_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let service = Service::open(&path);
    let heard = heard(&service);
    service.watch_other_writers();
    Store::open(&path).unwrap().add_contact(&ContactFields::named("Ana")).unwrap();
    // The watcher looks every half second; a loaded machine gets a generous margin.
    let deadline = Instant::now() + Duration::from_secs(10);
    while heard.lock().unwrap().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(heard.lock().unwrap().first().map(|c| c.external), Some(true));
}

#[test]
fn a_panic_inside_a_write_is_an_internal_error_and_leaves_no_transaction_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let service = Service::open(&path);
    let heard = heard(&service);

    let err = service
        .write_all(|s| {
            s.batch(|s| -> rapport_core::Result<()> {
                s.add_contact(&ContactFields::named("Half written"))?;
                panic!("boom")
            })
        })
        .unwrap_err();
    assert_eq!(err.code, "internal");
    assert!(err.message.contains("boom"), "{}", err.message);
    assert!(heard.lock().unwrap().is_empty(), "nothing was written, so nothing changed");

    service.add_contact(&ContactFields::named("Whole")).unwrap();
    // Another connection sees only what was committed: had the panicked batch stayed open,
    // "Whole" would be stuck inside it, uncommitted.
    let other = Store::open(&path).unwrap();
    let names: Vec<String> =
        other.list_contacts(&Default::default()).unwrap().into_iter().map(|c| c.display_name).collect();
    assert_eq!(names, ["Whole"]);
}

#[test]
fn an_encrypted_database_without_its_key_is_reported_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    // What encrypting leaves on disk: no plain SQLite header, only ciphertext, and the key file.
    std::fs::write(&path, [0x5au8; 4096]).unwrap();
    std::fs::write(rapport_core::crypt::key_file_path(&path), "{}").unwrap();
    let service = Service::open(&path);
    let info = service.info().unwrap();
    let err = info.open_error.expect("an encrypted file without its key cannot open");
    assert_eq!(err.code, "locked");
    assert!(err.message.contains("encrypted"), "{}", err.message);
    assert_eq!(service.list_circles().unwrap_err(), err, "every call answers with the opening error");
    assert_eq!(std::fs::read(&path).unwrap(), vec![0x5au8; 4096], "the file was not touched");
}

#[test]
fn a_file_that_is_not_sqlite_opens_as_an_error_that_says_so_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    // The same bytes with no key file beside them: not called encrypted.
    std::fs::write(&path, [0x5au8; 4096]).unwrap();
    let service = Service::open(&path);
    let err = service.info().unwrap().open_error.expect("it cannot open");
    assert_eq!((err.code, err.key), ("invalid", "not_sqlite_file"));
    assert!(!err.message.contains("is encrypted"), "{}", err.message);
    assert_eq!(std::fs::read(&path).unwrap(), vec![0x5au8; 4096], "the file was not touched");
}

/// Another program's import died half-way (its journal is there, its lock file free) while the
/// app is open: the app takes it back when it notices the other program's write, not only at
/// its next start, so the user never works with half an import.
#[test]
fn an_import_another_program_left_half_applied_is_taken_back_when_the_app_notices_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let service = Service::open(&db);
    let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
    // As a dead importer leaves it: its rows written, their ids in its journal.
    let other = Store::open(&db).unwrap();
    other
        .connection()
        .execute_batch(
            "BEGIN IMMEDIATE;
             INSERT INTO contacts (id, display_name, created_at, updated_at) VALUES
                 (1001, 'Half One', 0, 0), (1002, 'Half Two', 0, 0);
             INSERT INTO import_journal (id, state, started_at) VALUES (7, 'applying', 0);
             INSERT INTO import_journal_spans (journal_id, tbl, first_id, last_id) VALUES (7, 'contacts', 1001, 1002);
             COMMIT;",
        )
        .unwrap();
    service.check_other_writers();
    let names: Vec<String> = service
        .contact_page(&ContactListQuery::default())
        .unwrap()
        .contacts
        .iter()
        .map(|r| r.display_name.clone())
        .collect();
    assert_eq!(names, ["Ana"], "the half import is taken back");
    let journals: i64 = other.connection().query_row("SELECT count(*) FROM import_journal", [], |r| r.get(0)).unwrap();
    assert_eq!(journals, 0);
    assert!(service.read(|s| s.contact(ana.id)).is_ok());
}
