//! A failed daily backup is reported, never only printed: the window turns the report into a
//! notice and a line of the app's log (issue 15).

use rapport_core::backup::backup_dir;
use rapport_service::Service;

#[test]
fn a_daily_backup_that_cannot_be_written_is_reported_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let service = Service::open(&db);
    service.add_contact(&rapport_core::ContactFields { display_name: "Ann Lee".into(), ..Default::default() }).unwrap();
    // A file where the backups folder goes: the folder cannot be made, even by root.
    std::fs::write(backup_dir(&db), "in the way").unwrap();

    let failed = service.daily_backup_now().expect_err("the backup cannot be written");
    assert_eq!(failed.db_path, db.display().to_string());
    assert_eq!(failed.failure.code, "io", "{:?}", failed.failure);
    assert!(!failed.failure.key.is_empty(), "the window words it from its key");
    let line = failed.log_line();
    assert!(line.contains("daily backup") && line.contains(&db.display().to_string()), "{line}");
    assert!(line.contains(&failed.failure.message), "the log says why: {line}");
    let notice = serde_json::to_value(&failed).unwrap();
    assert_eq!(notice["failure"]["key"], serde_json::json!(failed.failure.key), "{notice}");

    // Once the way is clear, the same call makes the day's backup, and then no second one.
    std::fs::remove_file(backup_dir(&db)).unwrap();
    assert!(service.daily_backup_now().unwrap().is_some());
    assert!(service.daily_backup_now().unwrap().is_none(), "one a day");
}
