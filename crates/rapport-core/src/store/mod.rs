//! The store: one SQLite connection and a typed method for every read and write. Each entity
//! has its own module that adds methods to [`Store`]. Every write runs in one IMMEDIATE
//! transaction and validates its input first, so a rejected call writes nothing; the exceptions
//! are [`Store::bulk`] (`bulk.rs`), whose generated rows only the schema checks, and the
//! importer's writer (`imports.rs`), whose rows the importer checked before writing any.

mod birthdays;
mod bulk;
mod calibration;
pub(crate) mod circles;
pub(crate) mod contacts;
mod corrections;
pub use birthdays::BirthdayRow;
pub use bulk::{Bulk, BulkContact, BulkInteraction, BulkPost, BulkQuestion, BulkReaction, BulkValueItem, Durability};
pub use contacts::ContactMatch;
pub use corrections::{
    Deleted, InteractionEdit, PostEdit, QuestionChange, QuestionEdit, ReactionEdit, Removed, Snapshot, Table,
    TableRows, ValueItemChange, ValueItemEdit,
};
pub use merge::Merge;
pub(crate) mod export;
mod export_files;
mod history;
mod imports;
mod interactions;
mod merge;
pub(crate) mod posts;
mod search_index;
mod settings;
pub(crate) use search_index::{owe_search, Indexed};
pub use search_index::{set_search_slice_rows, SearchIndexed, PAUSE_BETWEEN_SLICES, SEARCH_SLICE_ROWS};

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use export_files::CSV_TABLES;
pub use imports::{after_each_import_transaction_here, set_import_slice_rows_here, AfterTransaction};
pub(crate) use imports::{
    clash, rules, ContactRow, ImportReader, ImportWriter, KeyKind, StagedContact, StagedPost, StagedReaction, Stager,
};

use crate::db;
use crate::db::backup::{self, BackupInfo, BackupKind, RestoreReport};
use crate::error::Result;
use crate::text::Shape;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Why the rollback of a dead import failed at open, if it did (see [`Store::import_left`]).
    import_left: Option<crate::Reason>,
}

impl Store {
    /// Opens the database at `path`, creating and migrating it as needed.
    pub fn open(path: &Path) -> Result<Store> {
        Store::opened_for_writing(db::open_path(path)?, path)
    }

    /// A store on a connection just opened for writing: an import that died while it applied
    /// is rolled back first (`imports.rs`). Should that fail (another program holding the write
    /// lock past the busy timeout, a full disk), the database opens all the same, the journal
    /// left for the next open, and [`Store::import_left`] says why.
    fn opened_for_writing(conn: Connection, path: &Path) -> Result<Store> {
        let mut store = Store { conn, path: Some(path.to_path_buf()), import_left: None };
        if let Err(e) = store.roll_back_dead_import() {
            store.rollback_if_open();
            store.import_left = Some(crate::Reason::ImportLeftAtOpen { detail: e.to_string() });
        }
        Ok(store)
    }

    /// Why part of an import that died is still in the database, when its rollback at open
    /// failed: a caller warns with it (the next open tries again).
    pub fn import_left(&self) -> Option<&crate::Reason> {
        self.import_left.as_ref()
    }

    /// [`Store::open`], with `first` run on the connection before anything reads the file (see
    /// [`db::open_path_with`]).
    pub fn open_with(path: &Path, first: impl FnOnce(&Connection) -> Result<()>) -> Result<Store> {
        Store::opened_for_writing(db::open_path_with(path, first)?, path)
    }

    /// Opens the database at `path`, plain or encrypted: an encrypted one with its key from
    /// `keychain` or, given `passphrase`, with the key that unwraps (see [`crate::db::crypt`]).
    /// Without a key it is `locked`, with the sentence that says how to unlock it.
    pub fn open_with_key(
        path: &Path,
        keychain: &dyn crate::db::crypt::Keychain,
        passphrase: Option<&str>,
    ) -> Result<Store> {
        Store::opened_for_writing(db::crypt::open_connection(path, keychain, passphrase)?, path)
    }

    /// Opens the database at `path` only to read it, beside a connection that writes it (see
    /// [`db::open_path_read_only`]): nothing is created or migrated, and every write fails.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Ok(Store { conn: db::open_path_read_only(path)?, path: Some(path.to_path_buf()), import_left: None })
    }

    /// Opens the default database (`RAPPORT_DB`, or the OS's app-data directory).
    pub fn open_default() -> Result<Store> {
        Store::open(&db::default_db_path()?)
    }

    pub fn open_in_memory() -> Result<Store> {
        Ok(Store { conn: db::open_in_memory()?, path: None, import_left: None })
    }

    /// The file behind this store; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<i64> {
        db::schema_version(&self.conn)
    }

    /// Read-only access for measures and reports that run their own queries.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// True when the database holds no contact yet: the UI then offers the demo network.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Writes a consistent copy of the database to `dest` (which must not exist) with SQLite's
    /// online backup, safe while other connections write. See [`crate::db::backup`].
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        backup::backup_to(&self.conn, dest)
    }

    /// Refuses `target` as the file an export or a chart is written to when writing there would
    /// destroy this database: the file itself or one SQLite keeps beside it, by any path.
    pub fn check_write_target(&self, field: &'static str, target: &Path) -> Result<()> {
        match self.path() {
            Some(db) if db::is_database_file(db, target) => Err(crate::Error::invalid(
                field,
                crate::Reason::ExportOverDatabase { path: target.display().to_string() },
            )),
            _ => Ok(()),
        }
    }

    /// The file behind the store, or an error naming why an in-memory store has no backups.
    fn file(&self) -> Result<&Path> {
        self.path().ok_or_else(|| crate::Error::invalid("database", crate::Reason::InMemoryNoBackups {}))
    }

    /// A manual backup into the backups folder beside the database.
    pub fn backup_now(&self) -> Result<BackupInfo> {
        backup::create(&self.conn, self.file()?, BackupKind::Manual, chrono::Utc::now())
    }

    /// Today's automatic backup, unless one was already taken today.
    pub fn daily_backup_if_due(&self) -> Result<Option<BackupInfo>> {
        backup::daily_if_due(&self.conn, self.file()?, chrono::Utc::now())
    }

    /// The backups of this database, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        backup::list(self.file()?)
    }

    /// The backup with this file name, as [`Store::list_backups`] shows it.
    pub fn find_backup(&self, name: &str) -> Result<BackupInfo> {
        backup::find(self.file()?, name)
    }

    /// Replaces the database's content with the backup called `name` (see [`backup::restore`]).
    pub fn restore_backup(&mut self, name: &str) -> Result<RestoreReport> {
        let found = self.find_backup(name)?;
        self.restore_backup_file(&found.path, chrono::Utc::now())
    }

    /// Replaces the database's content with the Rapport database file `source`.
    pub fn restore_backup_file(&mut self, source: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<RestoreReport> {
        let path = self.file()?.to_path_buf();
        let report = backup::restore(&mut self.conn, &path, source, now)?;
        // The copy brought the backup's token, which names its data truly; a new one all the same,
        // so that nothing kept from before the restore can match by chance of history.
        crate::db::renew_data_token(&self.conn)?;
        Ok(report)
    }

    /// Restores the backup `source` over the database at `path` when no store could open it (a
    /// damaged header: see [`backup::restore_unopenable`]), then opens the restored database
    /// (migrating an older backup) and checks it.
    pub fn restore_unopenable(
        path: &Path,
        source: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Store, RestoreReport)> {
        let mut report = backup::restore_unopenable(path, source, now)?;
        let store = Store::open(path)?;
        db::quick_check(&store.conn).map_err(|detail| {
            crate::error::Error::invalid(
                "backup",
                crate::error::Reason::Damaged { path: path.display().to_string(), detail },
            )
        })?;
        crate::db::renew_data_token(&store.conn)?;
        report.schema_version = db::schema_version(&store.conn)?;
        Ok((store, report))
    }

    /// The token of the data's present state (see the `data_token` migration): it changes with
    /// every committed write, whichever program made it.
    pub fn data_token(&self) -> Result<i64> {
        crate::db::data_token(&self.conn)
    }

    /// SQLite's `data_version` for this connection: it moves when another connection commits.
    /// Cheaper than [`Store::data_token`], which says whether the data itself changed.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Rolls back a transaction left open on this connection, if any. A panic inside
    /// [`Store::batch`] unwinds past its COMMIT or ROLLBACK; a store that lives on after it (the
    /// app's) calls this so that later writes do not nest inside a transaction never committed.
    pub fn rollback_if_open(&self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Trims an optional text field; blank becomes `None`.
pub(crate) fn clean(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Rejects one-line text longer than `max` characters (huge fields are almost always a mistaken
/// paste), and text with a control character (see [`crate::text`]; a NUL, which SQLite's text
/// functions read as the end of the string, has its own reason).
pub(crate) fn check_len(field: &'static str, value: &str, max: usize) -> Result<()> {
    check_shaped(field, value, max, Shape::Line)
}

/// [`check_len`] for a name: no direction control either, and something visible.
pub(crate) fn check_name(field: &'static str, value: &str, max: usize) -> Result<()> {
    check_shaped(field, value, max, Shape::Name)
}

/// [`check_len`] for text over several lines: tab and newline allowed.
pub(crate) fn check_prose(field: &'static str, value: &str, max: usize) -> Result<()> {
    check_shaped(field, value, max, Shape::Prose)
}

fn check_shaped(field: &'static str, value: &str, max: usize, shape: Shape) -> Result<()> {
    let n = value.chars().count();
    if n > max {
        return Err(crate::Error::invalid(field, crate::Reason::TooLong { n, max }));
    }
    crate::text::check(field, value, shape)
}

impl Store {
    /// Runs `work` in one IMMEDIATE transaction: every store call inside it becomes a savepoint,
    /// and the whole batch commits once (one fsync) or, on error, leaves nothing behind.
    pub fn batch<T>(&mut self, work: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return work(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        // A panic inside the batch must not leave the transaction open on a store that lives on.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(self)));
        match outcome {
            Ok(Ok(value)) => {
                if let Err(e) = crate::db::renew_data_token(&self.conn) {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e);
                }
                self.conn.execute_batch("COMMIT")?;
                Ok(value)
            }
            Ok(Err(e)) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
            Err(panic) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                std::panic::resume_unwind(panic)
            }
        }
    }
}
