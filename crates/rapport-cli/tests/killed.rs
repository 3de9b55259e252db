//! Debris and half sets (issue 17, item 13), with real processes: `rapport backup now` and
//! `rapport export --format csv` are killed with SIGKILL while they write (the moment their hidden
//! `.NAME.partial-PID` file or folder appears, or a little later). The backup or CSV set from
//! before must be intact and consistent, and the next run must sweep what the killed ones left.
//!
//! Linux only: the sweep asks /proc whether a writer is gone (elsewhere it waits an hour).

#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{ok, partials, process_on, Killed};
use serde_json::Value;

/// How many times each command is killed in the middle of its write.
const KILLS: usize = 3;

/// A database of some 40 MB (20,000 contacts with long notes), so that copying or exporting it
/// takes long enough to be killed half-way.
fn big_database(dir: &Path) -> PathBuf {
    let db = dir.join("rapport.db");
    ok(&db, &["contact", "add", "Seed Contact"]);
    let mut conn = rusqlite::Connection::open(&db).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare("INSERT INTO contacts (display_name, notes, created_at, updated_at) VALUES (?1, ?2, 0, 0)")
            .unwrap();
        for i in 0..20_000 {
            let notes = format!("Met at conference number {i}; talked about many things. ").repeat(30);
            insert.execute(rusqlite::params![format!("Contact {i}"), notes]).unwrap();
        }
    }
    tx.commit().unwrap();
    db
}

/// Kills `rapport args` once it writes (see [`common::kill_mid_write`]). False when it finished
/// before it could be killed mid-write.
fn kill_mid_write(db: &Path, args: &[&str], watch: &Path, delay: Duration) -> bool {
    match common::kill_mid_write(process_on(db, args), watch, delay, Duration::from_secs(120)) {
        Killed::MidWrite => true,
        Killed::No => false,
        Killed::Waiting => panic!("{args:?} never started writing"),
    }
}

fn integrity(file: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

fn backup_names(db: &Path) -> Vec<String> {
    let listed: Value = serde_json::from_str(&ok(db, &["backup", "list", "--json"])).unwrap();
    listed.as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_killed_backup_leaves_the_old_backups_intact_and_the_next_one_sweeps_its_debris() {
    let dir = tempfile::tempdir().unwrap();
    let db = big_database(dir.path());
    let folder = dir.path().join("backups");
    ok(&db, &["backup", "now"]);
    let before = backup_names(&db);
    assert_eq!(before.len(), 1);
    let good = folder.join(&before[0]);
    let good_bytes = std::fs::read(&good).unwrap();

    let mut killed = 0;
    for attempt in 0..KILLS * 4 {
        if killed == KILLS {
            break;
        }
        let delay = Duration::from_millis([0, 2, 10][attempt % 3]);
        killed += usize::from(kill_mid_write(&db, &["backup", "now"], &folder, delay));
    }
    assert_eq!(killed, KILLS, "the backup was killed while it wrote");
    // Each run sweeps what the kills before it left: only the last kill's copy is still there
    // (the copy ends with its writer's id; SQLite's journal beside it does not).
    let debris = partials(&folder);
    let copies = debris.iter().filter(|n| n.ends_with(|c: char| c.is_ascii_digit())).count();
    assert_eq!(copies, 1, "debris does not pile up: {debris:?}");
    assert_eq!(backup_names(&db), before, "a partial copy is never listed as a backup");
    assert_eq!(std::fs::read(&good).unwrap(), good_bytes, "the good backup is byte for byte the same");
    assert_eq!(integrity(&good), "ok");
    assert_eq!(integrity(&db), "ok");

    ok(&db, &["backup", "now"]);
    assert_eq!(partials(&folder), Vec::<String>::new(), "the next backup swept the debris");
    let after = backup_names(&db);
    assert_eq!(after.len(), 2);
    for name in &after {
        assert_eq!(integrity(&folder.join(name)), "ok", "{name}");
    }
}

/// The CSV files of a folder (the visible ones), by name.
fn csv_set(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn a_killed_csv_export_leaves_the_old_set_whole_and_the_next_one_sweeps_its_debris() {
    let dir = tempfile::tempdir().unwrap();
    let db = big_database(dir.path());
    let out = dir.path().join("csv");
    let out_arg = out.to_str().unwrap();
    ok(&db, &["export", "--format", "csv", "--out", out_arg]);
    let old_set = csv_set(&out);
    assert_eq!(old_set.len(), 8, "{:?}", old_set.keys());
    ok(&db, &["contact", "add", "Added After The First Export"]);
    // What a finished export writes now: a kill that lands after the last move (the process had
    // not exited yet) leaves this set, whole, which is as good as the old one.
    let reference = dir.path().join("reference");
    ok(&db, &["export", "--format", "csv", "--out", reference.to_str().unwrap()]);
    let finished_set = csv_set(&reference);

    let args = ["export", "--format", "csv", "--out", out_arg, "--force"];
    let (mut killed, mut killed_moving_in) = (0, 0);
    for attempt in 0..KILLS * 4 {
        if killed == KILLS {
            break;
        }
        // Short delays: on a quiet machine the whole export can finish within 30 ms.
        let delay = Duration::from_millis([0, 1, 5][attempt % 3]);
        if !kill_mid_write(&db, &args, &out, delay) {
            continue;
        }
        killed += 1;
        // Killed while writing its set (the folder holds the old one untouched) or while moving
        // it in (its parked old files are in its partial folder, which the next run puts back).
        let moving_in = partials(&out).iter().any(|p| out.join(p).join("old").is_dir());
        if moving_in {
            killed_moving_in += 1;
        } else {
            let now = csv_set(&out);
            assert!(
                now == old_set || now == finished_set,
                "kill {killed}: the old set is there, whole and unchanged, or the new one whole"
            );
        }
    }
    println!("csv export: {killed} kills, {killed_moving_in} of them while the set was being moved in");
    assert_eq!(killed, KILLS, "the export was killed while it wrote");
    assert!(!partials(&out).is_empty(), "the killed exports left their partial folders");

    ok(&db, &args);
    assert_eq!(partials(&out), Vec::<String>::new(), "the next export swept the debris");
    let new_set = csv_set(&out);
    assert!(new_set == finished_set, "the folder holds the new set, whole");
    assert!(new_set != old_set);
}
