//! The check of the database after start (health.rs): a damaged database is reported with the
//! newest backup that passes the same check, the backups are marked, and restoring that backup
//! makes the next check pass.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use rapport_core::backup::damage::{damage, Damage};
use rapport_core::backup::{self, BackupKind, FileCheck};
use rapport_core::Store;
use rapport_service::Service;

mod common;
use common::database_with_pages;

#[test]
fn a_sound_database_passes_and_nothing_is_reported_before_a_check() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&database_with_pages(dir.path()));
    assert_eq!(service.database_health(Duration::ZERO), None, "no check started, nothing to say");
    let health = service.start_health_check(Duration::ZERO).unwrap().join().unwrap().unwrap();
    assert_eq!(health.check, FileCheck::Good);
    assert_eq!(health.newest_good, None);
    assert_eq!(service.database_health(Duration::ZERO), Some(health));
}

#[test]
fn the_check_after_start_reports_damage_and_names_the_newest_good_backup_which_restores_it() {
    let mut restored = Vec::new();
    for kind in Damage::ALL {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_pages(dir.path());
        let store = Store::open(&path).unwrap();
        let backup_at = |hour| {
            let at = Utc.with_ymd_and_hms(2026, 3, 1, hour, 0, 0).unwrap();
            backup::create(store.connection(), &path, BackupKind::Manual, at).unwrap()
        };
        let (older, newer) = (backup_at(9), backup_at(10));
        drop(store);
        // The newest backup went bad on disk too: the one to restore is the one before it.
        damage(&newer.path, Damage::ZeroedPage);
        damage(&path, kind);

        let service = Service::open(&path);
        let started = service.start_health_check(Duration::from_millis(50)).unwrap();
        // The window's question waits for the check that is running.
        let asked = service.database_health(Duration::from_secs(30)).expect("the check finished");
        let health = started.join().unwrap().unwrap();
        assert_eq!(asked, health);
        assert!(health.is_damaged(), "{kind:?}: {health:?}");
        assert!(!health.first_finding().unwrap().is_empty(), "{kind:?}");
        assert_eq!(health.newest_good.as_ref().map(|b| &b.name), Some(&older.name), "{kind:?}");

        let marks: Vec<(String, bool, bool)> = service
            .check_backups()
            .unwrap()
            .into_iter()
            .map(|b| (b.backup.name, b.check == FileCheck::Good, b.newest_good))
            .collect();
        assert_eq!(marks, [(newer.name.clone(), false, false), (older.name.clone(), true, true)], "{kind:?}");

        // A header whose page count is wrong can keep the store from opening at all (the window
        // then shows why it could not open); the check above ran all the same.
        if service.open_error().is_some() {
            continue;
        }
        service.restore_backup(&older.name).unwrap();
        restored.push(kind);
        let after = service.check_database(false).unwrap();
        assert_eq!(after.check, FileCheck::Good, "{kind:?}: {after:?}");
        assert_eq!(service.database_health(Duration::ZERO), Some(after), "the window hears the new answer");
        assert_eq!(service.check_database(true).unwrap().check, FileCheck::Good, "{kind:?}: the integrity check too");
    }
    assert!(
        restored.len() >= 2,
        "a zeroed page and flipped bytes leave the store open, and restoring mends them: {restored:?}"
    );
}
