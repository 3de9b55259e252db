//! The one error type of the core. Each variant has a stable `code()` so callers (the CLI's exit
//! status, the desktop UI) can branch on the kind of failure without matching message text.
//!
//! A leaf: it uses no other module of the core but [`Reason`], its data, so every module can
//! return it without the modules depending on each other in a circle.

use std::path::PathBuf;

pub use crate::reason::Reason;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How long a connection waits for another one's write transaction before giving up with `busy`.
/// Writes take milliseconds and a large import a few seconds, so ten seconds is only ever reached
/// when something is wrong (a writer that never lets go), and then the user reads why. Defined
/// here, where the `busy` error names it, and set on every connection by `db`.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule of the domain: the message names the field and what was wrong.
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: Reason },

    /// An id that names nothing in the database.
    #[error("no {entity} with id {id}")]
    NotFound { entity: &'static str, id: i64 },

    /// A name given where one contact was expected matched several.
    #[error("{0}")]
    Ambiguous(Reason),

    /// A name given where one contact was expected matched none.
    #[error("{0}")]
    NoMatch(Reason),

    /// The database is encrypted and no key to open it was found (keychain empty or unavailable,
    /// no passphrase given): the message says how to unlock it.
    #[error("{0}")]
    Locked(Reason),

    /// The database file was written by a newer Rapport.
    #[error(
        "the database {path} has schema version {found}, but this Rapport only knows versions up to {supported}; \
         upgrade Rapport to open it (the file was not changed)"
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },

    #[error("migration to schema version {version} failed: {source} (the database was left as it was; a copy from before the migration is at {backup})")]
    Migration { version: i64, backup: String, source: rusqlite::Error },

    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),

    #[error("file error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),

    /// A file to import that cannot be imported as it is: the message names the record, the line
    /// and the field of the first problem, and how many more there are.
    #[error("{0}")]
    BadInput(Reason),

    /// The user cancelled a long operation; nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
}

impl Error {
    pub fn invalid(field: &'static str, reason: Reason) -> Self {
        Error::Invalid { field, reason }
    }

    pub fn not_found(entity: &'static str, id: i64) -> Self {
        Error::NotFound { entity, id }
    }

    /// A short, stable identifier of the kind of error, for programs rather than people.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Ambiguous(_) => "ambiguous",
            Error::NoMatch(_) => "not_found",
            Error::Locked(_) => "locked",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Migration { .. } => "migration",
            Error::Sqlite(e) if is_busy(e) => "busy",
            Error::Sqlite(e) if is_read_only(e) => "read_only",
            Error::Sqlite(_) => "database",
            Error::Io { .. } => "io",
            Error::Json(_) => "json",
            Error::BadInput(_) => "bad_input",
            Error::Cancelled => "cancelled",
        }
    }

    /// What went wrong as a key and parameters, for a caller that words it in another language
    /// (the English is this error's `Display`, less the field name for `Invalid`).
    pub fn reason(&self) -> Reason {
        match self {
            Error::Invalid { reason, .. }
            | Error::Ambiguous(reason)
            | Error::NoMatch(reason)
            | Error::Locked(reason)
            | Error::BadInput(reason) => reason.clone(),
            Error::NotFound { entity, id } => Reason::NotFound { entity: (*entity).to_owned(), id: *id },
            Error::NewerSchema { path, found, supported } => {
                Reason::NewerSchema { path: path.display().to_string(), found: *found, supported: *supported }
            }
            Error::Migration { version, backup, source } => {
                Reason::Migration { version: *version, detail: source.to_string(), backup: backup.clone() }
            }
            Error::Sqlite(e) if is_busy(e) => Reason::Busy { seconds: BUSY_TIMEOUT.as_secs(), detail: e.to_string() },
            Error::Sqlite(e) if is_read_only(e) => Reason::ReadOnlyDatabase { detail: e.to_string() },
            Error::Sqlite(e) => Reason::Database { detail: e.to_string() },
            Error::Io { path, source } => Reason::Io { path: path.display().to_string(), detail: source.to_string() },
            Error::Json(e) => Reason::Json { detail: e.to_string() },
            Error::Cancelled => Reason::Cancelled {},
        }
    }
}

/// SQLite's own text, except for `busy`, which a person can act on if told what it means.
fn sqlite_message(e: &rusqlite::Error) -> String {
    if is_busy(e) {
        Reason::Busy { seconds: BUSY_TIMEOUT.as_secs(), detail: e.to_string() }.to_string()
    } else if is_read_only(e) {
        Reason::ReadOnlyDatabase { detail: e.to_string() }.to_string()
    } else {
        Reason::Database { detail: e.to_string() }.to_string()
    }
}

/// A write on a database opened read-only: its folder or the file cannot be written.
fn is_read_only(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly)
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}
