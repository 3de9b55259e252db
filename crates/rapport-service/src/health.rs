//! Whether the database is sound, and which backup to restore when it is not.
//!
//! SQLite's quick check reads every page: a few milliseconds on a small database, about 1.5 s on
//! a network of 10,000 contacts and a million interactions. So the app does not wait for it: it
//! runs on a thread of its own shortly after start ([`Service::start_health_check`]), on its own
//! read-only connection, so it never holds the store's lock and never slows a write. The window
//! asks for the answer ([`Service::database_health`]) and, for a damaged database, shows a notice
//! naming the newest backup that passes the same check, with a button that restores it.
//!
//! A damaged database stays writable: refusing writes would lose what the user types next, while
//! the notice stays until the user restores or dismisses it. The backups already refuse it
//! (`rapport_core::backup::refuse_if_damaged`), so no good copy is rotated out meanwhile.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use rapport_core::backup::{self, BackupInfo, FileCheck};
use serde::Serialize;

use crate::{Failure, Result, Service};

/// An in-memory store (tests only) has no file to check, as it has no backups.
pub(crate) fn no_file() -> Failure {
    rapport_core::Error::invalid("database", rapport_core::Reason::InMemoryNoBackups {}).into()
}

/// How long after start the app's check waits: past the dashboard's first drawing, which it
/// would otherwise compete with for the disk.
pub const CHECK_DELAY: Duration = Duration::from_secs(3);

/// What a check of the database found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabaseHealth {
    /// The database file checked.
    pub path: PathBuf,
    /// `true`: SQLite's integrity check; `false`: its quick check.
    pub full: bool,
    /// `good`, `damaged` (with `detail`) or `not_checked` (encrypted).
    #[serde(flatten)]
    pub check: FileCheck,
    /// When damaged: the newest backup that passes the same check, the one to restore.
    pub newest_good: Option<BackupInfo>,
    /// How long the check took, in milliseconds.
    pub took_ms: u64,
}

impl DatabaseHealth {
    pub fn is_damaged(&self) -> bool {
        matches!(self.check, FileCheck::Damaged { .. })
    }

    /// SQLite's first finding, for a sentence: the detail holds up to three, joined by "; ",
    /// each of which may start with a heading line such as `*** in database main ***`.
    pub fn first_finding(&self) -> Option<&str> {
        match &self.check {
            FileCheck::Damaged { detail } => first_finding(detail),
            _ => None,
        }
    }
}

/// The first line of SQLite's findings that says what is wrong (not a `***` heading).
pub fn first_finding(detail: &str) -> Option<&str> {
    let mut lines = detail.split(['\n', ';']).map(str::trim).filter(|l| !l.is_empty());
    let first = lines.clone().next();
    lines.find(|l| !l.starts_with("***")).or(first)
}

/// A backup and what the quick check found in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedBackup {
    #[serde(flatten)]
    pub backup: BackupInfo,
    #[serde(flatten)]
    pub check: FileCheck,
    /// The newest backup that passes the check: the one to restore if the database is damaged.
    pub newest_good: bool,
}

/// The latest check of the database, shared by the thread that runs it and those that wait.
#[derive(Default)]
pub(crate) struct HealthState {
    latest: Mutex<Checking>,
    finished: Condvar,
}

#[derive(Default)]
enum Checking {
    #[default]
    NotStarted,
    Running,
    Done(DatabaseHealth),
}

impl Service {
    /// Checks the database now (quick check, or with `full` the integrity check) on a read-only
    /// connection of its own, without the store's lock, and keeps the answer for
    /// [`Service::database_health`]. A damaged database's answer names its newest good backup.
    pub fn check_database(&self, full: bool) -> Result<DatabaseHealth> {
        let path = self.db_path().ok_or_else(no_file)?.to_path_buf();
        let started = Instant::now();
        let check = backup::check_database_file(&path, &path, full);
        let took_ms = started.elapsed().as_millis().try_into().unwrap_or(u64::MAX);
        let newest_good = if matches!(check, FileCheck::Damaged { .. }) { backup::latest_good(&path) } else { None };
        let health = DatabaseHealth { path, full, check, newest_good, took_ms };
        let state = &self.inner.health;
        *state.latest.lock().unwrap_or_else(|p| p.into_inner()) = Checking::Done(health.clone());
        state.finished.notify_all();
        Ok(health)
    }

    /// Runs the quick check on a thread of its own after `delay` (the app: [`CHECK_DELAY`]).
    /// Returns the thread, which tests join; `None` when there is no database file to check.
    pub fn start_health_check(&self, delay: Duration) -> Option<std::thread::JoinHandle<Option<DatabaseHealth>>> {
        self.db_path()?;
        *self.inner.health.latest.lock().unwrap_or_else(|p| p.into_inner()) = Checking::Running;
        let service = self.clone();
        Some(std::thread::spawn(move || {
            std::thread::sleep(delay);
            let health = service.check_database(false);
            if let Ok(h) = &health {
                if h.is_damaged() {
                    eprintln!(
                        "rapport: {} is damaged (quick check: {})",
                        h.path.display(),
                        h.first_finding().unwrap_or("")
                    );
                }
            }
            health.ok()
        }))
    }

    /// The latest check's answer. While the check started at launch runs, waits for it, at most
    /// `wait`; `None` when no check was started or it is still running after `wait`.
    pub fn database_health(&self, wait: Duration) -> Option<DatabaseHealth> {
        let state = &self.inner.health;
        let latest = state.latest.lock().unwrap_or_else(|p| p.into_inner());
        let (latest, _) = state
            .finished
            .wait_timeout_while(latest, wait, |c| matches!(c, Checking::Running))
            .unwrap_or_else(|p| p.into_inner());
        match &*latest {
            Checking::Done(health) => Some(health.clone()),
            Checking::NotStarted | Checking::Running => None,
        }
    }

    /// The database's backups, newest first, each with what the quick check found in it (read
    /// only, without the store's lock: a second or more per large backup).
    pub fn check_backups(&self) -> Result<Vec<CheckedBackup>> {
        let path = self.db_path().ok_or_else(no_file)?.to_path_buf();
        let mut found_good = false;
        let checked = backup::list(&path)?
            .into_iter()
            .map(|b| {
                let check = backup::check_database_file(&path, &b.path, false);
                let newest_good = !found_good && check == FileCheck::Good;
                found_good |= newest_good;
                CheckedBackup { backup: b, check, newest_good }
            })
            .collect();
        Ok(checked)
    }
}
