//! The one piece of state the window shares between commands: the store, opened at start.
//!
//! SQLite calls block, so every command hands its work to [`tauri::async_runtime::spawn_blocking`]
//! and the webview's thread never waits on the disk. A mutex serialises the calls: one connection,
//! one writer, which is also what SQLite wants. If the database cannot be opened (a file from a
//! newer Rapport, an unwritable folder, an encrypted file whose key is not in the keychain), the
//! state keeps the error instead of the store: the window still opens and `app_info` tells the UI
//! what went wrong, so the user reads a sentence rather than a blank screen.
//!
//! Encryption changes the store twice while the window is open: `unlock_database` replaces a
//! `locked` error by the store the recovery passphrase opens, and `enable_encryption` closes the
//! plain connection and puts the encrypted one in its place, inside the store's own lock so no
//! command runs in between.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use rapport_core::backup::BackupInfo;
use rapport_core::crypt::{self, Enabled, Keychain};
use rapport_core::directory::Directory;
use rapport_core::{db, ContactId, Reason, Store};
use serde::Serialize;

use crate::error::CommandError;

/// The store behind its lock. `None` only while `enable_encryption` swaps the connection (under
/// the lock) or when reopening after it failed.
type Shared = Arc<Mutex<Option<Store>>>;

/// Where the database key is kept: the OS keychain in the app, one in memory in tests.
pub type SharedKeychain = Arc<dyn Keychain + Send + Sync>;

/// The longest recovery passphrase `unlock_database` reads: Rapport's are 35 characters (30
/// symbols and dashes); a longer one is not Rapport's, and Argon2 need not hash it.
pub const MAX_PASSPHRASE_CHARS: usize = 200;

pub struct AppState {
    db_path: Option<PathBuf>,
    /// The open store, or why it could not open. Replaced when a locked database is unlocked.
    store: Arc<RwLock<Result<Shared, CommandError>>>,
    keychain: SharedKeychain,
    /// Every contact's measures, built on the first listing and dropped by every write, so
    /// searching and filtering the contact list never re-measures the network per keystroke.
    directory: Arc<Mutex<Option<Cached>>>,
}

struct Cached {
    built: Instant,
    directory: Arc<Directory>,
}

/// How long after start the day's automatic backup waits: past the first screen.
const FIRST_BACKUP_DELAY: Duration = Duration::from_secs(20);

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

/// What `encryption_status` tells the window.
#[derive(Debug, Clone, Serialize)]
pub struct EncryptionStatus {
    /// This build can encrypt (the cargo feature `encryption`).
    pub available: bool,
    pub encrypted: bool,
    /// Encrypted, and no key opened it: the window asks for the recovery passphrase.
    pub locked: bool,
    /// For an encrypted database: the keychain holds its key, so the app opens it without asking.
    pub key_in_keychain: bool,
    /// Why the keychain could not be asked, when it could not.
    pub keychain_error: Option<String>,
}

impl AppState {
    /// Opens (creating and migrating as needed) the database at `path`. An encrypted one opens
    /// with its key from the OS keychain; without it, every command answers `locked` with the
    /// message that says how to unlock it, until `unlock_database` is given the passphrase.
    pub fn open(path: &Path) -> AppState {
        AppState::open_with_keychain(path, default_keychain())
    }

    /// As [`AppState::open`], with the keys kept in `keychain` (tests give one in memory).
    pub fn open_with_keychain(path: &Path, keychain: SharedKeychain) -> AppState {
        let store = crypt::open(path, &*keychain, None).map(wrap).map_err(Into::into);
        AppState { db_path: Some(path.to_path_buf()), store: slot(store), keychain, directory: Arc::default() }
    }

    /// Opens the database that the CLI also uses: `RAPPORT_DB`, or the OS's app-data directory.
    pub fn open_default() -> AppState {
        match db::default_db_path() {
            Ok(path) => AppState::open(&path),
            Err(e) => AppState {
                db_path: None,
                store: slot(Err(e.into())),
                keychain: default_keychain(),
                directory: Arc::default(),
            },
        }
    }

    /// Wraps a store opened elsewhere (in memory, for instance).
    pub fn from_store(store: Store) -> AppState {
        AppState {
            db_path: store.path().map(Path::to_path_buf),
            store: slot(Ok(wrap(store))),
            keychain: default_keychain(),
            directory: Arc::default(),
        }
    }

    /// The store as it is now, or the error that keeps it closed.
    fn shared(&self) -> Result<Shared, CommandError> {
        self.store.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Takes today's automatic backup (see `rapport_core::backup`) on a thread of its own with
    /// its own connection, unless one exists already. Returns the thread, which tests join. A
    /// failure is printed, not fatal: the app works without its backup.
    pub fn start_daily_backup(&self) -> Option<std::thread::JoinHandle<Option<BackupInfo>>> {
        let path = self.backup_path()?;
        Some(std::thread::spawn(move || daily_backup(&path)))
    }

    /// What the app does: the day's backup shortly after start, then a check every hour, so a
    /// window left open for days still gets one backup a day. The first check waits until the
    /// window is drawn (copying a large file would slow the start down), and a database that was
    /// locked at start is backed up once it has been unlocked. The thread ends with the app.
    pub fn keep_daily_backups(&self) {
        let Some(path) = self.db_path.clone() else { return };
        let store = Arc::clone(&self.store);
        std::thread::spawn(move || loop {
            std::thread::sleep(FIRST_BACKUP_DELAY);
            if store.read().unwrap_or_else(|p| p.into_inner()).is_ok() {
                daily_backup(&path);
            }
            std::thread::sleep(Duration::from_secs(3600) - FIRST_BACKUP_DELAY);
        });
    }

    /// The database file, when it opened (a database that failed to open is not backed up).
    fn backup_path(&self) -> Option<PathBuf> {
        self.db_path.clone().filter(|_| self.shared().is_ok())
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
        match self.shared() {
            Err(e) => info.open_error = Some(e),
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
        let store = self.shared()?;
        tauri::async_runtime::spawn_blocking(move || {
            // A poisoned lock only means an earlier call panicked while holding it; the store
            // itself is still sound (see `rollback_if_open`), so carry on with it.
            let mut guard = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let Some(store) = guard.as_mut() else { return Err(closed()) };
            match catch_unwind(AssertUnwindSafe(|| work(store))) {
                Ok(result) => result.map_err(CommandError::from),
                Err(panic) => {
                    rollback_if_open(store);
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
    crypt::open(path, &*default_keychain(), None)
}

/// The OS keychain, unless `RAPPORT_NO_KEYCHAIN=1` (as for the CLI: the passphrase at every
/// start, and no key left in the keychain) or the build has no encryption.
fn default_keychain() -> SharedKeychain {
    if std::env::var_os("RAPPORT_NO_KEYCHAIN").is_some_and(|v| v == "1") {
        return Arc::new(crypt::NoKeychain(String::from("RAPPORT_NO_KEYCHAIN=1")));
    }
    #[cfg(feature = "encryption")]
    return Arc::new(crypt::OsKeychain);
    #[cfg(not(feature = "encryption"))]
    Arc::new(crypt::NoKeychain(String::from("this build has no encryption support")))
}

fn slot(store: Result<Shared, CommandError>) -> Arc<RwLock<Result<Shared, CommandError>>> {
    Arc::new(RwLock::new(store))
}

/// What a command meets when the connection was closed to be encrypted and could not be
/// reopened (the reopening error is what `app_info` then reports).
fn closed() -> CommandError {
    let reason = Reason::ClosedForEncryption {};
    CommandError {
        code: "closed",
        message: reason.to_string(),
        field: None,
        key: reason.key(),
        params: reason.params(),
    }
}

impl AppState {
    /// Whether this build encrypts, whether the database is encrypted, locked, and its key in
    /// the keychain. Reads the file's first bytes and asks the keychain (D-Bus on Linux), so it
    /// runs off the UI thread.
    pub(crate) async fn encryption_status(&self) -> Result<EncryptionStatus, CommandError> {
        let path = self.db_path.clone();
        let locked = matches!(self.shared(), Err(e) if e.code == "locked");
        let keychain = Arc::clone(&self.keychain);
        blocking(move || {
            let encrypted = match &path {
                Some(p) => crypt::is_encrypted(p)?,
                None => false,
            };
            let (key_in_keychain, keychain_error) = match &path {
                Some(p) if encrypted => match keychain.get(&crypt::keychain_account(p)) {
                    Ok(key) => (key.is_some(), None),
                    Err(e) => (false, Some(e)),
                },
                _ => (false, None),
            };
            Ok(EncryptionStatus {
                available: cfg!(feature = "encryption"),
                encrypted,
                locked,
                key_in_keychain,
                keychain_error,
            })
        })
        .await
    }

    /// Opens the locked database with its recovery passphrase (which puts the key back in the
    /// keychain when it can); from then on every command works. A wrong passphrase is `invalid`
    /// and changes nothing.
    pub(crate) async fn unlock(&self, passphrase: String) -> Result<(), CommandError> {
        if !cfg!(feature = "encryption") {
            return Err(crypt::not_in_this_build().into());
        }
        if passphrase.trim().is_empty() {
            return Err(rapport_core::Error::invalid("passphrase", Reason::PassphraseMissing {}).into());
        }
        if passphrase.chars().count() > MAX_PASSPHRASE_CHARS {
            return Err(rapport_core::Error::invalid(
                "passphrase",
                Reason::PassphraseTooLong { max: MAX_PASSPHRASE_CHARS },
            )
            .into());
        }
        let path = self.file()?;
        if let Err(e) = self.shared() {
            if e.code != "locked" {
                return Err(e);
            }
        } else {
            return Err(rapport_core::Error::invalid("encryption", Reason::NotLocked {}).into());
        }
        let keychain = Arc::clone(&self.keychain);
        // Argon2 takes about half a second: done before taking the lock, so nothing waits on it.
        let store = blocking(move || crypt::open(&path, &*keychain, Some(&passphrase))).await?;
        let mut slot = self.store.write().unwrap_or_else(|p| p.into_inner());
        // Two unlocks at once: the first one in wins; the second store is dropped.
        if slot.is_err() {
            *slot = Ok(wrap(store));
            *self.directory.lock().unwrap_or_else(|p| p.into_inner()) = None;
        }
        Ok(())
    }

    /// Encrypts the open plain database in place and reopens it encrypted; returns the recovery
    /// passphrase, to show once. The store's lock is held from before the plain connection closes
    /// until the encrypted one is in its place, so no command runs against either half.
    pub(crate) async fn enable_encryption(&self) -> Result<Enabled, CommandError> {
        if !cfg!(feature = "encryption") {
            return Err(crypt::not_in_this_build().into());
        }
        let path = self.file()?;
        let shared = self.shared()?;
        let keychain = Arc::clone(&self.keychain);
        let directory = Arc::clone(&self.directory);
        let slot = Arc::clone(&self.store);
        blocking(move || {
            let mut guard = shared.lock().unwrap_or_else(|p| p.into_inner());
            if crypt::is_encrypted(&path)? {
                return Err(rapport_core::Error::invalid(
                    "encryption",
                    Reason::AlreadyEncrypted { path: path.display().to_string() },
                ));
            }
            // SQLCipher rewrites the file from a connection of its own: ours must be closed first.
            drop(guard.take());
            *directory.lock().unwrap_or_else(|p| p.into_inner()) = None;
            let enabled = crypt::enable(&path, &*keychain);
            // Reopened with the passphrase just made, which also proves that it unwraps the key
            // (and works when the keychain refused it); plain as before if `enable` failed, since
            // it leaves the plain file untouched until its last rename.
            let reopened = match &enabled {
                Ok(e) => crypt::open(&path, &*keychain, Some(&e.recovery_passphrase)),
                Err(_) => crypt::open(&path, &*keychain, None),
            };
            match reopened {
                Ok(store) => *guard = Some(store),
                // The passphrase must still reach the user: the error waits for the next command.
                Err(e) => *slot.write().unwrap_or_else(|p| p.into_inner()) = Err(e.into()),
            }
            enabled
        })
        .await
    }

    /// The database file, for the encryption commands (an in-memory store has none).
    fn file(&self) -> Result<PathBuf, CommandError> {
        self.db_path
            .clone()
            .ok_or_else(|| rapport_core::Error::invalid("encryption", Reason::NoFileToEncrypt {}).into())
    }
}

/// Runs `work` in the blocking pool, core's error mapped for the window.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> rapport_core::Result<T> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || work().map_err(CommandError::from))
        .await
        .map_err(|e| CommandError::internal(format!("the background task failed: {e}")))?
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

fn wrap(store: Store) -> Shared {
    Arc::new(Mutex::new(Some(store)))
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
