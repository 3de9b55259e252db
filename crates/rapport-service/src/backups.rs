//! The daily backup while the app runs, and the backup calls (see `rapport_core::backup`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rapport_core::backup::{BackupInfo, FileCheck, RestoreReport};
use rapport_core::Store;
use serde::Serialize;

use crate::{encryption, Failure, Result, Service};

/// How long after start the day's automatic backup waits: past the first screen.
const FIRST_BACKUP_DELAY: Duration = Duration::from_secs(20);

impl Service {
    /// Takes today's automatic backup on a thread of its own with its own connection, unless
    /// one exists already. Returns the thread, which tests join. A failure is printed, not
    /// fatal: the app works without its backup.
    pub fn start_daily_backup(&self) -> Option<std::thread::JoinHandle<Option<BackupInfo>>> {
        let path = self.db_path().filter(|_| self.shared().is_ok())?.to_path_buf();
        Some(std::thread::spawn(move || {
            daily_backup(&path).unwrap_or_else(|failed| {
                eprintln!("rapport: {}", failed.log_line());
                None
            })
        }))
    }

    /// Today's automatic backup now, on its own connection, unless one exists already: what the
    /// hourly check does, with its failure returned as the window reports it.
    pub fn daily_backup_now(&self) -> std::result::Result<Option<BackupInfo>, Box<BackupFailed>> {
        match self.db_path() {
            Some(path) => daily_backup(path),
            None => Ok(None),
        }
    }

    /// What the app does: the day's backup shortly after start, then a check every hour, so a
    /// window left open for days still gets one backup a day. The first check waits until the
    /// window is drawn (copying a large file would slow the start down), and a database that was
    /// locked at start is backed up once it has been unlocked. The thread ends with the process.
    pub fn keep_daily_backups(&self) {
        self.keep_daily_backups_reporting(|failed| eprintln!("rapport: {}", failed.log_line()));
    }

    /// As [`Service::keep_daily_backups`], calling `report` when a day's backup fails (the window
    /// shows a notice and writes the app's log), so that a failure is never silent.
    pub fn keep_daily_backups_reporting(&self, report: impl Fn(&BackupFailed) + Send + 'static) {
        let Some(path) = self.db_path().map(PathBuf::from) else { return };
        let weak = std::sync::Arc::downgrade(&self.inner);
        std::thread::spawn(move || {
            // Partial copies of backups killed in earlier runs: away before anything else.
            rapport_core::backup::sweep_debris(&path);
            loop {
                std::thread::sleep(FIRST_BACKUP_DELAY);
                let Some(inner) = weak.upgrade() else { return };
                if (Service { inner }).shared().is_ok() {
                    if let Err(failed) = daily_backup(&path) {
                        report(&failed);
                    }
                }
                std::thread::sleep(Duration::from_secs(3600) - FIRST_BACKUP_DELAY);
            }
        });
    }

    /// A backup now into the `backups/` folder beside the database (kind `manual`), with its
    /// search index complete: what an import left owed is indexed first, beside the service's
    /// lock (the window's other calls are served meanwhile, as during the indexing at start,
    /// whose slices this one shares); only the copy itself is taken under the lock.
    pub fn backup_now(&self) -> Result<BackupInfo> {
        self.backup_now_after_each_slice(&mut || {})
    }

    /// [`Service::backup_now`], with `after_slice` run after each slice of its indexing (the tests').
    fn backup_now_after_each_slice(&self, after_slice: &mut dyn FnMut()) -> Result<BackupInfo> {
        if let Err(e) = self.index_owed_search_beside_the_lock(after_slice) {
            eprintln!("rapport: {}", owed_search_left(&e));
        }
        self.read(Store::backup_now)
    }

    /// The database's backups, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        self.read(Store::list_backups)
    }

    /// Replaces the database's content with the backup called `name` (a name from
    /// [`Service::list_backups`], never a path); the current content is saved first. Works also
    /// when the store could not open (see [`Service::restore_file`]).
    pub fn restore_backup(&self, name: &str) -> Result<RestoreReport> {
        let path = self.db_path().ok_or_else(crate::health::no_file)?;
        let found = rapport_core::backup::find(path, name)?;
        self.restore_file(&found.path)
    }

    /// The backup called `name`, found without the store: the way out of damage that keeps the
    /// store shut needs it too.
    pub fn find_backup_file(&self, name: &str) -> Result<BackupInfo> {
        let path = self.db_path().ok_or_else(crate::health::no_file)?;
        Ok(rapport_core::backup::find(path, name)?)
    }

    /// Replaces the database's content with the Rapport database file `source`. With the store
    /// open, through it (core's `restore`: the current content saved first as a pre-restore
    /// backup). When the store could not open (damage such as a wrong page count stops SQLite
    /// at the door), by replacing the file (core's `restore_unopenable`: the damaged file kept
    /// beside the backups), after which the restored store takes the error's place and every
    /// call works. Either way, the search rows the backup owes (one taken between two slices of
    /// an import's indexing) are then indexed in the background.
    pub fn restore_file(&self, source: &Path) -> Result<RestoreReport> {
        // Every connection beside the lock closed first (the indexing at its next slice).
        let swapping = self.inner.swap_gate.swap();
        let restored = self.restore_file_in_place(source);
        drop(swapping);
        // Failed too: an indexing that let go of the file for it left its rows owed.
        self.index_owed_search_after_swap();
        restored
    }

    fn restore_file_in_place(&self, source: &Path) -> Result<RestoreReport> {
        let path = self.db_path().ok_or_else(crate::health::no_file)?.to_path_buf();
        // Only damage SQLite's check confirms: a file shut for any other reason (busy, locked,
        // newer, foreign) keeps its own error and is never replaced.
        let shut_by_damage = matches!(self.shared(), Err(e) if e.code == "database")
            && matches!(rapport_core::backup::check_database_file(&path, &path, false), FileCheck::Damaged { .. });
        if !shut_by_damage {
            return self.write_all(|s| s.restore_backup_file(source, Utc::now()));
        }
        let report = {
            let mut slot = self.inner.slot.write().unwrap_or_else(|p| p.into_inner());
            if slot.is_ok() {
                // Another restore put a store in place meanwhile: restore through it.
                drop(slot);
                return self.write_all(|s| s.restore_backup_file(source, Utc::now()));
            }
            let (store, report) = Store::restore_unopenable(&path, source, Utc::now())?;
            *slot = Ok(crate::share(store));
            report
        };
        self.notify(&crate::Changed { change: crate::Change::Everything, external: false });
        self.warm_up_after_change();
        Ok(report)
    }
}

/// A day's automatic backup that failed: when, of which database, and why (core's reason, which
/// the window words in its language).
#[derive(Debug, Clone, Serialize)]
pub struct BackupFailed {
    pub at: DateTime<Utc>,
    pub db_path: String,
    pub failure: Failure,
}

impl BackupFailed {
    /// One line of the app's log: the time, the database and the reason, in English.
    pub fn log_line(&self) -> String {
        format!("{} the daily backup of {} failed: {}", self.at.to_rfc3339(), self.db_path, self.failure.message)
    }
}

fn daily_backup(path: &Path) -> std::result::Result<Option<BackupInfo>, Box<BackupFailed>> {
    Store::open_with_key(path, &*encryption::default_keychain(), None)
        .and_then(|mut store| {
            // As `backup_now`: the copy with its search index complete.
            if let Err(e) = store.index_owed_search(&mut |_| true) {
                eprintln!("rapport: {}", owed_search_left(&Failure::from(e)));
            }
            store.daily_backup_if_due()
        })
        .map_err(|e| {
            Box::new(BackupFailed { at: Utc::now(), db_path: path.display().to_string(), failure: Failure::from(e) })
        })
}

/// Why a backup carries search rows still owed: said in the log, not fatal. The backup is whole
/// all the same (the index is derived from the data), and whatever restores it indexes them.
fn owed_search_left(failure: &Failure) -> String {
    format!("indexing for search before the backup failed, so the backup owes some search rows: {}", failure.message)
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;
    use crate::search::tests::killed_import;

    /// "Back up now" while an import's search rows are owed (the app's indexing at start still
    /// running): the indexing before the copy is done beside the service's lock, so the window's
    /// other calls are served between its slices instead of waiting for all of them; and the
    /// backup owes nothing.
    #[test]
    fn the_window_is_served_while_back_up_now_indexes_what_an_import_left_owed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rapport.db");
        drop(killed_import(&db, "p", 2_500));
        let service = Service::open(&db);
        let other = service.clone();
        let mut served = Vec::new();
        let backup = service
            .backup_now_after_each_slice(&mut || {
                let (answered, heard) = mpsc::channel();
                let other = other.clone();
                std::thread::spawn(move || answered.send(other.is_empty().is_ok()).ok());
                served.push(heard.recv_timeout(Duration::from_secs(5)) == Ok(true));
            })
            .unwrap();
        // 2,500 rows are two slices: asked between them.
        assert_eq!(served, [true], "another call waited for the indexing");
        assert_eq!(Store::open(&backup.path).unwrap().search_owed().unwrap(), 0, "the backup's index is complete");
        assert_eq!(service.read(Store::search_owed).unwrap(), 0);
    }
}
