//! The app's backup scheduler sweeps the partial backups killed runs left (issue 17, item 13),
//! as soon as it starts, before its first backup.

#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use rapport_service::Service;

#[test]
fn starting_the_backup_scheduler_sweeps_the_partial_backups_of_killed_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let service = Service::open(&path);
    let folder = dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let gone = {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let debris = folder.join(format!(".rapport-20260301-090000-daily.db.partial-{gone}"));
    let journal = folder.join(format!(".rapport-20260301-090000-daily.db.partial-{gone}-journal"));
    let someone_elses = folder.join(format!(".notes.txt.partial-{gone}"));
    for file in [&debris, &journal, &someone_elses] {
        std::fs::write(file, vec![0u8; 4096]).unwrap();
    }

    service.keep_daily_backups();
    let deadline = Instant::now() + Duration::from_secs(10);
    while (debris.exists() || journal.exists()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!debris.exists() && !journal.exists(), "swept when the scheduler started");
    assert!(someone_elses.exists(), "only Rapport's own debris is swept");
}
