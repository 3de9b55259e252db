//! The preview of a file to import (the window's) does not hold the service's lock: the
//! window's other calls answer while it runs (issue 17); nor does the apply's reading, matching
//! and staging (only core's move of the staged rows holds the database's write lock).

use std::sync::mpsc;
use std::time::Duration;

use rapport_core::import::ImportOptions;
use rapport_core::{ContactQuery, Store};
use rapport_service::Service;

const CARDS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\nEND:VCARD\r\n\
                     BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Stone\r\nEND:VCARD\r\n";

#[test]
fn another_call_answers_while_a_file_is_previewed() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    service.read(|s| s.list_contacts(&ContactQuery::default())).unwrap();
    let file = dir.path().join("phone.vcf");
    std::fs::write(&file, CARDS).unwrap();

    // At the preview's first progress report, another thread asks the service for the contact
    // list; the report waits (a bounded time) for its answer.
    let mut answered = None;
    let (preview, stamp) = service
        .import_preview_file_stamped(&file, &ImportOptions::default(), &mut |_| {
            if answered.is_none() {
                let (tx, rx) = mpsc::channel();
                let other = service.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(other.read(|s| s.list_contacts(&ContactQuery::default())).is_ok());
                });
                answered = Some(rx.recv_timeout(Duration::from_secs(10)).unwrap_or(false));
            }
            true
        })
        .unwrap();
    assert_eq!(answered, Some(true), "the contact list waited for the preview");
    assert_eq!(preview.contacts_created, 2);

    let done = service.import_apply_previewed_file(&file, &ImportOptions::default(), stamp, &mut |_| true).unwrap();
    assert_eq!(done.contacts_created, 2);
    assert_eq!(service.read(|s| s.list_contacts(&ContactQuery::default())).unwrap().len(), 2);
}

#[test]
fn another_call_answers_while_a_file_is_applied_and_the_window_hears_of_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("rapport.db"));
    service.read(|s| s.list_contacts(&ContactQuery::default())).unwrap();
    let file = dir.path().join("phone.vcf");
    std::fs::write(&file, CARDS).unwrap();
    let (_, stamp) = service.import_preview_file_stamped(&file, &ImportOptions::default(), &mut |_| true).unwrap();
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&heard);
    service.on_change(move |c| log.lock().unwrap().push((format!("{:?}", c.change), c.external)));

    // At the apply's first progress report, another thread asks for the contact list.
    let mut answered = None;
    let done = service
        .import_apply_previewed_file(&file, &ImportOptions::default(), stamp, &mut |_| {
            if answered.is_none() {
                let (tx, rx) = mpsc::channel();
                let other = service.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(other.read(|s| s.list_contacts(&ContactQuery::default())).is_ok());
                });
                answered = Some(rx.recv_timeout(Duration::from_secs(10)).unwrap_or(false));
            }
            true
        })
        .unwrap();
    assert_eq!(answered, Some(true), "the contact list waited for the apply");
    assert_eq!(done.contacts_created, 2);
    assert_eq!(service.read(|s| s.list_contacts(&ContactQuery::default())).unwrap().len(), 2);
    let heard = heard.lock().unwrap().clone();
    assert!(heard.contains(&("Everything".to_owned(), false)), "the window hears of its own write: {heard:?}");
}

#[test]
fn an_in_memory_service_previews_under_its_lock() {
    let service = Service::from_store(Store::open_in_memory().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("phone.vcf");
    std::fs::write(&file, CARDS).unwrap();
    let (preview, stamp) =
        service.import_preview_file_stamped(&file, &ImportOptions::default(), &mut |_| true).unwrap();
    assert_eq!(preview.contacts_created, 2);
    let done = service.import_apply_previewed_file(&file, &ImportOptions::default(), stamp, &mut |_| true).unwrap();
    assert_eq!(done.contacts_created, 2);
}
