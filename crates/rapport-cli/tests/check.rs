//! A damaged database from the command line: `rapport check` says so and names the backup to
//! restore, a write to a small damaged database is refused with the same sentence and writes
//! nothing, and `backup list` marks each backup good or damaged.

mod common;
#[path = "../../rapport-core/tests/common/pages.rs"]
mod pages;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use common::rapport;
use rapport_core::backup::damage::{damage, Damage};
use rapport_core::backup::{self, BackupInfo, BackupKind};
use rapport_core::Store;
use serde_json::Value;

fn fails(db: &Path, args: &[&str]) -> String {
    let out = rapport(db, args).assert().failure().code(1).get_output().clone();
    String::from_utf8(out.stderr).unwrap()
}

/// A database of a few hundred contacts over several pages, with a manual backup taken at 09:00
/// and another at 10:00, closed. The 10:00 one is damaged on disk: the backup to restore is the
/// one before it.
fn database_with_backups(dir: &Path) -> (PathBuf, BackupInfo, BackupInfo) {
    let path = dir.join("rapport.db");
    let mut store = Store::open(&path).unwrap();
    pages::add_contacts_over_pages(&mut store);
    let backup_at = |hour| {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, hour, 0, 0).unwrap();
        backup::create(store.connection(), &path, BackupKind::Manual, at).unwrap()
    };
    let (good, bad) = (backup_at(9), backup_at(10));
    store.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    drop(store);
    damage(&bad.path, Damage::ZeroedPage);
    (path, good, bad)
}

#[test]
fn check_passes_a_sound_database_and_names_the_backup_to_restore_for_a_damaged_one() {
    for kind in Damage::ALL {
        let dir = tempfile::tempdir().unwrap();
        let (db, good, _) = database_with_backups(dir.path());
        let out = rapport(&db, &["check"]).assert().success().get_output().stdout.clone();
        assert!(String::from_utf8(out).unwrap().contains("passes SQLite's quick check"));
        rapport(&db, &["check", "--full"]).assert().success();

        damage(&db, kind);
        let message = fails(&db, &["check"]);
        assert!(message.contains("is damaged (quick check: "), "{kind:?}: {message}");
        assert!(message.contains("Rapport will not back it up"), "{kind:?}: {message}");
        assert!(message.contains("taken 2026-03-01 09:00 UTC"), "{kind:?}: {message}");
        // The restore command is offered for every damage, the one that keeps the store shut too.
        let restore = format!("`rapport restore {} --yes`", good.name);
        assert!(message.contains(&restore), "{kind:?}: {message}");
        let message = fails(&db, &["check", "--full"]);
        assert!(message.contains("is damaged (integrity check: "), "{kind:?}: {message}");

        let out = rapport(&db, &["check", "--json"]).assert().failure().code(1).get_output().stdout.clone();
        let health: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(health["check"], "damaged", "{kind:?}");
        assert!(health["detail"].as_str().is_some_and(|d| !d.is_empty()), "{kind:?}");
        assert_eq!(health["newest_good"]["name"], good.name.as_str(), "{kind:?}");
    }
}

#[test]
fn a_write_to_a_small_damaged_database_is_refused_naming_the_backup_and_writes_nothing() {
    for kind in Damage::ALL {
        let dir = tempfile::tempdir().unwrap();
        let (db, good, _) = database_with_backups(dir.path());
        damage(&db, kind);
        let before = std::fs::read(&db).unwrap();
        for write in [&["contact", "add", "Zed"][..], &["log", "--with", "Contact number 1 with a longer name"]] {
            let message = fails(&db, write);
            assert!(message.contains("is damaged (quick check: "), "{kind:?}: {message}");
            assert!(message.contains(&good.name), "{kind:?}: the newest good backup is named: {message}");
            assert!(!message.contains("database disk image is malformed\n"), "{kind:?}: {message}");
        }
        assert_eq!(std::fs::read(&db).unwrap(), before, "{kind:?}: nothing was written");

        // Whether the store still opens or not, the sentence's command brings the backup back,
        // the damaged content is kept, and writes go on.
        let message = fails(&db, &["contact", "add", "Zed"]);
        let command = format!("`rapport restore {} --yes`", good.name);
        assert!(message.contains(&command), "{kind:?}: {message}");
        let out = rapport(&db, &["--json", "restore", &good.name, "--yes"]).assert().success().get_output().clone();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let kept = Path::new(report["pre_restore_backup"]["path"].as_str().unwrap()).to_path_buf();
        if matches!(kind, Damage::WrongPageCount) {
            assert_eq!(std::fs::read(&kept).unwrap(), before, "{kind:?}: the damaged file is kept as it was");
        }
        rapport(&db, &["check"]).assert().success();
        rapport(&db, &["contact", "add", "Zed"]).assert().success();
        let names = rapport(&db, &["contact", "list"]).assert().success().get_output().stdout.clone();
        assert!(String::from_utf8(names).unwrap().contains("Contact number 299"), "{kind:?}");
        assert!(
            std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .all(|e| !e.file_name().to_string_lossy().contains(".partial-")),
            "{kind:?}: no partial copy left"
        );
    }
}

#[test]
fn backup_list_marks_each_backup_and_names_the_newest_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good, bad) = database_with_backups(dir.path());
    let out = rapport(&db, &["backup", "list"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    let line_of = |name: &str| text.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_owned();
    assert!(line_of(&bad.name).ends_with("damaged"), "{text}");
    assert!(line_of(&good.name).ends_with("good, newest"), "{text}");
    assert!(text.contains(&format!("is {}: `rapport restore {} --yes`", good.name, good.name)), "{text}");

    let out = rapport(&db, &["backup", "list", "--json"]).assert().success().get_output().stdout.clone();
    let listed: Value = serde_json::from_slice(&out).unwrap();
    let marks: Vec<(&str, &str, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["name"].as_str().unwrap(), b["check"].as_str().unwrap(), b["newest_good"].as_bool().unwrap()))
        .collect();
    assert_eq!(marks, [(bad.name.as_str(), "damaged", false), (good.name.as_str(), "good", true)]);
}
