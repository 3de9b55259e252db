//! `rapport backup` and `rapport restore` end to end, including while another connection (the
//! desktop app, played here by a thread with its own store) keeps writing to the same file.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::{json, rapport};
use rapport_core::{ContactFields, Store};
use rusqlite::Connection;

/// Integrity check and contact count of a database file, opened read-only.
fn check(file: &Path) -> i64 {
    let conn = Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok", "{}", file.display());
    conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap()
}

/// A thread that adds contacts to `db` through its own connection until told to stop.
fn writer(db: PathBuf, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut store = Store::open(&db).unwrap();
        let mut n = 0;
        while !stop.load(Ordering::Relaxed) {
            store.add_contact(&ContactFields::named(format!("Writer {n}"))).expect("no write fails");
            n += 1;
        }
        n
    })
}

#[test]
fn backups_taken_while_another_connection_writes_are_complete_and_grow() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    Store::open(&db).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let handle = writer(db.clone(), Arc::clone(&stop));

    let mut counts = Vec::new();
    for i in 0..4 {
        let dest = dir.path().join(format!("copy-{i}.db"));
        let written = json(&db, &["backup", dest.to_str().unwrap()]);
        assert_eq!(written["path"], dest.display().to_string());
        counts.push(check(&dest));
        let made = json(&db, &["backup", "now"]);
        assert_eq!(made["kind"], "manual");
        counts.push(check(Path::new(made["path"].as_str().unwrap())));
    }
    stop.store(true, Ordering::Relaxed);
    let written = handle.join().unwrap();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "each backup holds at least the previous one's rows: {counts:?}");
    assert!(*counts.last().unwrap() as usize <= written);
    println!("writer committed {written} contacts while 8 backups were taken; contacts seen: {counts:?}");

    let listed = json(&db, &["backup", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 4, "the four `backup now` copies, not the files given by path");
    let text =
        String::from_utf8(rapport(&db, &["backup", "list"]).assert().success().get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("name") && text.contains("manual"), "{text}");
}

#[test]
fn restore_needs_yes_then_brings_back_a_backup_and_keeps_the_replaced_content() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    rapport(&db, &["contact", "add", "Ana"]).assert().success();
    let made = json(&db, &["backup", "now"]);
    let name = made["name"].as_str().unwrap().to_owned();
    rapport(&db, &["contact", "add", "Bruno"]).assert().success();

    let refused = rapport(&db, &["restore", &name]).assert().failure().code(1).get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&refused).contains("--yes"));
    assert_eq!(check(&db), 2, "without --yes nothing changes");

    // Restore by name while another connection keeps writing: it waits its turn, nothing fails.
    let stop = Arc::new(AtomicBool::new(false));
    let handle = writer(db.clone(), Arc::clone(&stop));
    let report = json(&db, &["restore", &name, "--yes"]);
    stop.store(true, Ordering::Relaxed);
    handle.join().unwrap();
    let pre = Path::new(report["pre_restore_backup"]["path"].as_str().unwrap()).to_path_buf();
    assert!(check(&pre) >= 2, "the pre-restore backup holds Ana, Bruno and the writer's rows");
    let names: Vec<String> = json(&db, &["contact", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["display_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names[0], "Ana");
    assert!(!names.contains(&"Bruno".to_owned()), "Bruno came after the backup: {names:?}");
    check(&db);

    // A path to a file works too; a name that is neither is refused, naming it.
    let copy = dir.path().join("by-path.db");
    rapport(&db, &["backup", copy.to_str().unwrap()]).assert().success();
    rapport(&db, &["restore", copy.to_str().unwrap(), "--yes"]).assert().success();
    let err = rapport(&db, &["restore", "nope.db", "--yes"]).assert().failure().code(1).get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&err).contains("no backup named “nope.db”"));
}

#[test]
fn backup_refuses_to_overwrite_a_file_and_needs_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let taken = dir.path().join("taken.db");
    std::fs::write(&taken, b"mine").unwrap();
    let err = rapport(&db, &["backup", taken.to_str().unwrap()]).assert().failure().code(1).get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&err).contains("already exists"));
    assert_eq!(std::fs::read(&taken).unwrap(), b"mine");
    rapport(&db, &["backup"]).assert().failure().code(2);
}
