//! The daily backup while the app runs, and the backup calls (see `rapport_core::backup`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rapport_core::backup::{BackupInfo, RestoreReport};
use rapport_core::Store;

use crate::{encryption, Result, Service};

/// How long after start the day's automatic backup waits: past the first screen.
const FIRST_BACKUP_DELAY: Duration = Duration::from_secs(20);

impl Service {
    /// Takes today's automatic backup on a thread of its own with its own connection, unless
    /// one exists already. Returns the thread, which tests join. A failure is printed, not
    /// fatal: the app works without its backup.
    pub fn start_daily_backup(&self) -> Option<std::thread::JoinHandle<Option<BackupInfo>>> {
        let path = self.db_path().filter(|_| self.shared().is_ok())?.to_path_buf();
        Some(std::thread::spawn(move || daily_backup(&path)))
    }

    /// What the app does: the day's backup shortly after start, then a check every hour, so a
    /// window left open for days still gets one backup a day. The first check waits until the
    /// window is drawn (copying a large file would slow the start down), and a database that was
    /// locked at start is backed up once it has been unlocked. The thread ends with the process.
    pub fn keep_daily_backups(&self) {
        let Some(path) = self.db_path().map(PathBuf::from) else { return };
        let weak = std::sync::Arc::downgrade(&self.inner);
        std::thread::spawn(move || {
            // Partial copies of backups killed in earlier runs: away before anything else.
            rapport_core::backup::sweep_debris(&path);
            loop {
                std::thread::sleep(FIRST_BACKUP_DELAY);
                let Some(inner) = weak.upgrade() else { return };
                if (Service { inner }).shared().is_ok() {
                    daily_backup(&path);
                }
                std::thread::sleep(Duration::from_secs(3600) - FIRST_BACKUP_DELAY);
            }
        });
    }

    /// A backup now into the `backups/` folder beside the database (kind `manual`).
    pub fn backup_now(&self) -> Result<BackupInfo> {
        self.read(Store::backup_now)
    }

    /// The database's backups, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        self.read(Store::list_backups)
    }

    /// Replaces the database's content with the backup called `name` (a name from
    /// [`Service::list_backups`], never a path); the current content is saved first.
    pub fn restore_backup(&self, name: &str) -> Result<RestoreReport> {
        self.write_all(|s| s.restore_backup(name))
    }
}

fn daily_backup(path: &Path) -> Option<BackupInfo> {
    match Store::open_with_key(path, &*encryption::default_keychain(), None).and_then(|s| s.daily_backup_if_due()) {
        Ok(made) => made,
        Err(e) => {
            eprintln!("rapport: the daily backup of {} failed: {e}", path.display());
            None
        }
    }
}
