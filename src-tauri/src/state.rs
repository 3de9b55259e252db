//! The one piece of state the window shares between commands: the store, opened once at start.
//!
//! SQLite calls block, so every command hands its work to [`tauri::async_runtime::spawn_blocking`]
//! and the webview's thread never waits on the disk. A mutex serialises the calls: one connection,
//! one writer, which is also what SQLite wants. If the database cannot be opened (a file from a
//! newer Rapport, an unwritable folder), the state keeps the error instead of the store: the
//! window still opens and `app_info` tells the UI what went wrong, so the user reads a sentence
//! rather than a blank screen.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rapport_core::backup::BackupInfo;
use rapport_core::directory::Directory;
use rapport_core::{db, ContactId, Store};
use serde::Serialize;

use crate::error::CommandError;

pub struct AppState {
    db_path: Option<PathBuf>,
    store: Result<Arc<Mutex<Store>>, CommandError>,
    /// Every contact's measures, built on the first listing and dropped by every write, so
    /// searching and filtering the contact list never re-measures the network per keystroke.
    directory: Arc<Mutex<Option<Cached>>>,
}

struct Cached {
    built: Instant,
    directory: Arc<Directory>,
}

/// Cadence and whose-turn depend on today's date: a directory older than this is rebuilt even
/// with no write in between.
const DIRECTORY_MAX_AGE: Duration = Duration::from_secs(10 * 60);

/// What the window needs to know before it draws anything.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub app_version: &'static str,
    /// The database file; `None` when no path could be found or the store is in memory.
    pub db_path: Option<String>,
    /// The same, with the home directory written `~`, for people to read.
    pub db_path_display: Option<String>,
    pub schema_version: Option<i64>,
    pub supported_schema_version: i64,
    /// No contact yet: the UI shows its first-run screen.
    pub empty: bool,
    /// Why the database could not be opened; every other command fails with this same error.
    pub open_error: Option<CommandError>,
}

impl AppState {
    /// Opens (creating and migrating as needed) the database at `path`. An encrypted one opens
    /// with its key from the OS keychain; without it, every command answers `locked` with the
    /// message that says how to unlock it (the window has no passphrase prompt yet).
    pub fn open(path: &Path) -> AppState {
        AppState {
            db_path: Some(path.to_path_buf()),
            store: open_store(path).map(wrap).map_err(Into::into),
            directory: Arc::default(),
        }
    }

    /// Opens the database that the CLI also uses: `RAPPORT_DB`, or the OS's app-data directory.
    pub fn open_default() -> AppState {
        match db::default_db_path() {
            Ok(path) => AppState::open(&path),
            Err(e) => AppState { db_path: None, store: Err(e.into()), directory: Arc::default() },
        }
    }

    /// Wraps a store opened elsewhere (in memory, for instance).
    pub fn from_store(store: Store) -> AppState {
        AppState { db_path: store.path().map(Path::to_path_buf), store: Ok(wrap(store)), directory: Arc::default() }
    }

    /// Takes today's automatic backup (see `rapport_core::backup`) on a thread of its own with
    /// its own connection, unless one exists already. Returns the thread, which tests join. A
    /// failure is printed, not fatal: the app works without its backup.
    pub fn start_daily_backup(&self) -> Option<std::thread::JoinHandle<Option<BackupInfo>>> {
        let path = self.backup_path()?;
        Some(std::thread::spawn(move || daily_backup(&path)))
    }

    /// What the app does: the day's backup at start, then a check every hour, so a window left
    /// open for days still gets one backup a day. The thread ends with the app.
    pub fn keep_daily_backups(&self) {
        let Some(path) = self.backup_path() else { return };
        std::thread::spawn(move || loop {
            daily_backup(&path);
            std::thread::sleep(std::time::Duration::from_secs(3600));
        });
    }

    /// The database file, when it opened (a database that failed to open is not backed up).
    fn backup_path(&self) -> Option<PathBuf> {
        self.db_path.clone().filter(|_| self.store.is_ok())
    }

    pub(crate) async fn info(&self) -> Result<AppInfo, CommandError> {
        let mut info = AppInfo {
            app_version: env!("CARGO_PKG_VERSION"),
            db_path: self.db_path.as_ref().map(|p| p.display().to_string()),
            db_path_display: self.db_path.as_deref().map(|p| display_path(p, home_dir().as_deref())),
            schema_version: None,
            supported_schema_version: db::latest_schema_version(),
            empty: false,
            open_error: None,
        };
        match &self.store {
            Err(e) => info.open_error = Some(e.clone()),
            Ok(_) => {
                let (version, empty) = self.run(|s| Ok((s.schema_version()?, s.is_empty()?))).await?;
                info.schema_version = Some(version);
                info.empty = empty;
            }
        }
        Ok(info)
    }

    /// Runs `work` on the store in the blocking pool and maps core's error for the window.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> rapport_core::Result<T> + Send + 'static,
    {
        let store = Arc::clone(self.store.as_ref().map_err(Clone::clone)?);
        tauri::async_runtime::spawn_blocking(move || {
            // A poisoned lock only means an earlier call panicked while holding it; the store
            // itself is still sound (see `rollback_if_open`), so carry on with it.
            let mut guard = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match catch_unwind(AssertUnwindSafe(|| work(&mut guard))) {
                Ok(result) => result.map_err(CommandError::from),
                Err(panic) => {
                    rollback_if_open(&guard);
                    Err(CommandError::internal(format!(
                        "Rapport hit an internal error and did not finish this action ({}); nothing was saved",
                        panic_text(&*panic)
                    )))
                }
            }
        })
        .await
        .map_err(|e| CommandError::internal(format!("the background task failed: {e}")))?
    }
}

fn daily_backup(path: &Path) -> Option<BackupInfo> {
    match open_store(path).and_then(|s| s.daily_backup_if_due()) {
        Ok(made) => made,
        Err(e) => {
            eprintln!("rapport-app: the daily backup of {} failed: {e}", path.display());
            None
        }
    }
}

fn open_store(path: &Path) -> rapport_core::Result<Store> {
    #[cfg(feature = "encryption")]
    let keychain = rapport_core::crypt::OsKeychain;
    #[cfg(not(feature = "encryption"))]
    let keychain = rapport_core::crypt::NoKeychain(String::from("this build has no encryption support"));
    rapport_core::crypt::open(path, &keychain, None)
}

impl AppState {
    /// Runs a write: as [`AppState::run`], and drops the cached directory in the same locked
    /// section, so no listing can read measures from before the write.
    pub(crate) async fn write<T, F>(&self, work: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> rapport_core::Result<T> + Send + 'static,
    {
        let cache = Arc::clone(&self.directory);
        self.run(move |s| {
            let result = work(s);
            *cache.lock().unwrap_or_else(|p| p.into_inner()) = None;
            result
        })
        .await
    }

    /// Runs a write that touches only the contacts it returns (logging an interaction): the
    /// cached directory, if any, re-measures just them instead of being dropped, so the next
    /// listing on a large network does not wait for every contact to be measured again.
    pub(crate) async fn write_touching<T, F>(&self, work: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> rapport_core::Result<(T, Vec<ContactId>)> + Send + 'static,
    {
        let cache = Arc::clone(&self.directory);
        self.run(move |s| {
            let (value, touched) = work(s)?;
            let mut guard = cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(cached) = guard.as_mut() {
                let now = chrono::Utc::now().timestamp();
                if Arc::make_mut(&mut cached.directory).refresh(s, &touched, now).is_err() {
                    *guard = None;
                }
            }
            Ok(value)
        })
        .await
    }

    /// Runs `work` with the directory of every contact's measures, building it first when there
    /// is none or it is too old.
    pub(crate) async fn with_directory<T, F>(&self, work: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &Directory) -> rapport_core::Result<T> + Send + 'static,
    {
        let cache = Arc::clone(&self.directory);
        self.run(move |s| {
            let current = {
                let guard = cache.lock().unwrap_or_else(|p| p.into_inner());
                guard.as_ref().filter(|c| c.built.elapsed() < DIRECTORY_MAX_AGE).map(|c| Arc::clone(&c.directory))
            };
            let directory = match current {
                Some(d) => d,
                None => {
                    let d = Arc::new(Directory::build(s, chrono::Utc::now().timestamp())?);
                    *cache.lock().unwrap_or_else(|p| p.into_inner()) =
                        Some(Cached { built: Instant::now(), directory: Arc::clone(&d) });
                    d
                }
            };
            work(s, &directory)
        })
        .await
    }
}

pub(crate) fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// `/home/ana/.local/share/x.db` → `~/.local/share/x.db`; any other path as it is.
pub(crate) fn display_path(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => Path::new("~").join(rest).display().to_string(),
        None => path.display().to_string(),
    }
}

fn wrap(store: Store) -> Arc<Mutex<Store>> {
    Arc::new(Mutex::new(store))
}

/// A panic inside `Store::batch` unwinds past its COMMIT/ROLLBACK and leaves the transaction
/// open on the connection; every later write would then nest inside it and never be committed.
/// Rolling back here restores the invariant that, between calls, nothing is pending.
fn rollback_if_open(store: &Store) {
    let conn = store.connection();
    if !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        String::from("unknown panic")
    }
}

#[cfg(test)]
mod tests {
    use rapport_core::ContactFields;

    use super::*;

    fn block<T: Send + 'static>(
        state: &AppState,
        work: impl FnOnce(&mut Store) -> rapport_core::Result<T> + Send + 'static,
    ) -> Result<T, CommandError> {
        tauri::async_runtime::block_on(state.run(work))
    }

    #[test]
    fn an_encrypted_database_without_its_key_is_reported_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        // What SQLCipher leaves on disk: no plain SQLite header, only ciphertext.
        std::fs::write(&path, [0x5au8; 4096]).unwrap();
        let state = AppState::open(&path);
        let info = tauri::async_runtime::block_on(state.info()).unwrap();
        let err = info.open_error.expect("an encrypted file without its key cannot open");
        assert_eq!(err.code, "locked");
        assert!(err.message.contains("encrypted"), "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), vec![0x5au8; 4096], "the file was not touched");
    }

    #[test]
    fn a_path_under_home_is_shown_from_tilde() {
        let home = Path::new("/home/ana");
        assert_eq!(
            display_path(Path::new("/home/ana/.local/share/org.rapport.desktop/rapport.db"), Some(home)),
            "~/.local/share/org.rapport.desktop/rapport.db"
        );
        assert_eq!(display_path(Path::new("/tmp/rapport.db"), Some(home)), "/tmp/rapport.db");
        assert_eq!(display_path(Path::new("/home/anabel/x.db"), Some(home)), "/home/anabel/x.db");
        assert_eq!(display_path(Path::new("/tmp/rapport.db"), None), "/tmp/rapport.db");
    }

    #[test]
    fn a_panic_inside_a_batch_is_an_internal_error_and_leaves_no_transaction_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        let state = AppState::open(&path);

        let err = block(&state, |s| {
            s.batch(|s| -> rapport_core::Result<()> {
                s.add_contact(&ContactFields::named("Half written"))?;
                panic!("boom")
            })
        })
        .unwrap_err();
        assert_eq!(err.code, "internal");
        assert!(err.message.contains("boom"), "{}", err.message);

        block(&state, |s| s.add_contact(&ContactFields::named("Whole"))).unwrap();
        // Another connection sees only what was committed: had the panicked batch stayed open,
        // "Whole" would be stuck inside it, uncommitted.
        let other = Store::open(&path).unwrap();
        let names: Vec<String> =
            other.list_contacts(&Default::default()).unwrap().into_iter().map(|c| c.display_name).collect();
        assert_eq!(names, ["Whole"]);
    }
}
