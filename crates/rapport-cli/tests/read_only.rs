//! Read-only media (issue 17, item 12), through the real binary: a database in a folder that
//! cannot be written is listed and reported on, and every write is refused with a sentence; a
//! backup in a read-only folder can be restored, and nothing is left beside it.
//!
//! A folder is made read-only with chmod. Tests often run as root, whom chmod does not stop: then
//! the binary runs as `nobody` through `setpriv` (util-linux), on files given to `nobody`, so the
//! folder really is read-only for it. Without setpriv, as root, the test says so and stops.

#![cfg(target_os = "linux")]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::names_in;
use serde_json::Value;

const NOBODY: u32 = 65534;

/// How `rapport` is run here: directly, or as `nobody` when the tests run as root.
struct Runner {
    as_nobody: bool,
}

impl Runner {
    /// `None` when the folder cannot be made read-only for the binary (root without setpriv).
    fn new(probe_dir: &Path) -> Option<Runner> {
        let probe = probe_dir.join("probe");
        std::fs::create_dir(&probe).unwrap();
        std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
        let privileged = std::fs::write(probe.join("x"), b"").is_ok();
        std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !privileged {
            return Some(Runner { as_nobody: false });
        }
        let setpriv = Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success());
        if !setpriv {
            eprintln!("running as root without setpriv: a read-only folder cannot be tested here");
            return None;
        }
        Some(Runner { as_nobody: true })
    }

    /// Hands `path` (and everything under it) to the user the binary runs as.
    fn give(&self, path: &Path) {
        if !self.as_nobody {
            return;
        }
        std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).unwrap();
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap().flatten() {
                self.give(&entry.path());
            }
        }
    }

    fn run(&self, db: &Path, args: &[&str]) -> Output {
        let bin = env!("CARGO_BIN_EXE_rapport");
        let mut cmd = if self.as_nobody {
            let mut c = Command::new("setpriv");
            c.args(["--reuid", &NOBODY.to_string(), "--regid", &NOBODY.to_string(), "--clear-groups", bin]);
            c
        } else {
            Command::new(bin)
        };
        cmd.arg("--db").arg(db).args(args).env_remove("RAPPORT_DB").env("TZ", "UTC").env("HOME", "/tmp");
        cmd.output().unwrap()
    }

    fn ok(&self, db: &Path, args: &[&str]) -> String {
        let out = self.run(db, args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, db: &Path, args: &[&str]) -> String {
        let out = self.run(db, args);
        assert!(!out.status.success(), "{args:?} should fail: {}", String::from_utf8_lossy(&out.stdout));
        assert!(out.stdout.is_empty());
        String::from_utf8(out.stderr).unwrap()
    }
}

/// A folder anyone can enter (tempdir makes 0700 ones), with `name` in it.
fn folder(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn read_only(dir: &Path, yes: bool) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(if yes { 0o555 } else { 0o755 })).unwrap();
}

/// A database with two contacts at `dir/rapport.db`, made by the binary itself.
fn database(runner: &Runner, dir: &Path) -> PathBuf {
    let db = dir.join("rapport.db");
    runner.give(dir);
    runner.ok(&db, &["contact", "add", "Ana Lima"]);
    runner.ok(&db, &["contact", "add", "Bruno Costa"]);
    db
}

#[test]
fn a_database_in_a_read_only_folder_is_read_and_every_write_is_refused_with_a_sentence() {
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some(runner) = Runner::new(root.path()) else { return };
    let media = folder(root.path(), "media");
    let db = database(&runner, &media);
    assert_eq!(names_in(&media), ["rapport.db"], "the last connection took its -wal and -shm away");
    let before = std::fs::read(&db).unwrap();

    read_only(&media, true);
    let listed: Value = serde_json::from_str(&runner.ok(&db, &["contact", "list", "--json"])).unwrap();
    let report = runner.run(&db, &["report", "--json"]);
    let add = runner.fails(&db, &["contact", "add", "Zed"]);
    let backup = runner.fails(&db, &["backup", "now"]);
    let left = names_in(&media);
    read_only(&media, false);

    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert!(report.status.success(), "report: {}", String::from_utf8_lossy(&report.stderr));
    assert!(add.contains("cannot write") && add.contains("nothing was written"), "{add}");
    assert!(!backup.is_empty());
    assert_eq!(left, ["rapport.db"], "nothing was created beside the database");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database is byte for byte the same");
}

#[test]
fn a_backup_in_a_read_only_folder_is_restored_and_nothing_is_left_beside_it() {
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some(runner) = Runner::new(root.path()) else { return };
    let home = folder(root.path(), "home");
    let db = database(&runner, &home);
    let media = folder(root.path(), "media");
    runner.give(&media);
    let copy = media.join("copy.db");
    runner.ok(&db, &["backup", copy.to_str().unwrap()]);
    runner.ok(&db, &["contact", "add", "Carla Dias"]);
    let copy_before = std::fs::read(&copy).unwrap();

    read_only(&media, true);
    let restored = runner.run(&db, &["restore", copy.to_str().unwrap(), "--yes"]);
    let left = names_in(&media);
    read_only(&media, false);

    assert!(restored.status.success(), "restore: {}", String::from_utf8_lossy(&restored.stderr));
    let listed: Value = serde_json::from_str(&runner.ok(&db, &["contact", "list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2, "the content of the backup: {listed}");
    assert_eq!(left, ["copy.db"], "no -wal or -shm beside the backup");
    assert_eq!(std::fs::read(&copy).unwrap(), copy_before);
}
