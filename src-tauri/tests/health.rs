//! The window's commands for a damaged database, through the real command set on the mock runtime:
//! the check after start names the newest good backup, the backups are marked, and after
//! `restore_backup` the check the window asks for again passes.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use rapport_app::AppState;
use rapport_core::backup::damage::{damage, Damage};
use rapport_core::backup::{self, BackupKind};
use rapport_core::Store;
use serde_json::{json, Value};

mod common;
#[path = "../../crates/rapport-core/tests/common/pages.rs"]
mod pages;
use common::{app_and_window, call};

#[test]
fn the_window_hears_of_damage_restores_the_newest_good_backup_and_then_hears_it_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let mut store = Store::open(&path).unwrap();
    pages::add_contacts_over_pages(&mut store);
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let good = backup::create(store.connection(), &path, BackupKind::Manual, at).unwrap();
    store.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    drop(store);
    damage(&path, Damage::FlippedBytes);

    let state = AppState::open(&path);
    let (_app, window) = app_and_window(state.clone());
    let ok = |cmd: &str| call(&window, cmd, json!({})).unwrap_or_else(|e| panic!("{cmd} failed: {e}"));
    assert_eq!(ok("database_health"), Value::Null, "no check started: nothing to say, at once");

    state.start_health_check(Duration::ZERO).unwrap().join().unwrap();
    let health = ok("database_health");
    assert_eq!(health["check"], "damaged", "{health}");
    assert!(health["detail"].as_str().is_some_and(|d| !d.is_empty()), "{health}");
    assert_eq!(health["newest_good"]["name"], good.name.as_str(), "{health}");

    let marks = ok("check_backups");
    assert_eq!(marks[0]["name"], good.name.as_str());
    assert_eq!((&marks[0]["check"], &marks[0]["newest_good"]), (&json!("good"), &json!(true)));

    call(&window, "restore_backup", json!({ "name": good.name })).unwrap();
    assert_eq!(ok("check_database")["check"], "good");
    assert_eq!(ok("database_health")["check"], "good", "a window started again hears the new answer");
}
