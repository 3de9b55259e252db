//! The data's token (migration 0003): every committed write renews it, whichever way it writes
//! and whichever program; reads, failed writes and reopening leave it as it was. The app keeps
//! its start-up views on disk under this token, so a write that left it unchanged would show
//! stale figures at the next start.

use chrono::{FixedOffset, TimeZone, Utc};
use rapport_core::*;

fn call(contact: ContactId) -> NewInteraction {
    let at = FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
    NewInteraction::new(at, Channel::Call, Party::Me, vec![contact])
}

#[test]
fn every_committed_write_renews_the_token_and_nothing_else_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let mut store = Store::open(&path).unwrap();
    let mut seen = vec![store.data_token().unwrap()];
    let mut renewed = |store: &Store, what: &str| {
        let token = store.data_token().unwrap();
        assert!(!seen.contains(&token), "{what} renews the token");
        seen.push(token);
    };

    let ana = store.add_contact(&ContactFields::named("Ana")).unwrap();
    renewed(&store, "adding a contact");
    store.log_interaction(&call(ana.id)).unwrap();
    renewed(&store, "logging an interaction");
    store
        .batch(|s| {
            s.add_contact(&ContactFields::named("Bo"))?;
            s.add_contact(&ContactFields::named("Cy"))
        })
        .unwrap();
    renewed(&store, "a batch of writes");
    let backup = dir.path().join("copy.db");
    store.backup_to(&backup).unwrap();
    store.add_contact(&ContactFields::named("Dee")).unwrap();
    renewed(&store, "a write after the backup");
    store.restore_backup_file(&backup, Utc::now()).unwrap();
    renewed(&store, "a restore");

    let before = store.data_token().unwrap();
    store.list_contacts(&Default::default()).unwrap();
    store.history().unwrap();
    assert_eq!(store.data_token().unwrap(), before, "reads leave it");
    assert!(store.add_contact(&ContactFields::named("")).is_err());
    assert!(store
        .batch(|s| s
            .add_contact(&ContactFields::named("Eve"))
            .and_then(|_| s.log_interaction(&call(ContactId(999_999)))))
        .is_err());
    assert_eq!(store.data_token().unwrap(), before, "a refused write leaves it");
    drop(store);
    assert_eq!(Store::open(&path).unwrap().data_token().unwrap(), before, "it lasts across a reopen");
}

#[test]
fn another_programs_write_renews_the_token_this_connection_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let app = Store::open(&path).unwrap();
    let before = app.data_token().unwrap();
    let mut cli = Store::open(&path).unwrap();
    cli.add_contact(&ContactFields::named("Ana")).unwrap();
    assert_ne!(app.data_token().unwrap(), before);
    assert_eq!(app.data_token().unwrap(), cli.data_token().unwrap());
}
