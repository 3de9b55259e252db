//! Opening a connection: the pragmas every connection gets, and the versioned migrations applied
//! on open. Migrations are numbered SQL files embedded in the binary and applied in order; they
//! are append-only: never edit one that has shipped, add the next number instead.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::copy::copy_database;
use super::file::{backup_path_for, APPLICATION_ID};
use crate::error::{Error, Result, BUSY_TIMEOUT};

/// `(version, SQL)`, in order. The schema version is stored in `PRAGMA user_version`.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/0001_initial.sql")),
    (2, include_str!("../../migrations/0002_merge.sql")),
    (3, include_str!("../../migrations/0003_data_token.sql")),
    (4, include_str!("../../migrations/0004_search.sql")),
    (5, include_str!("../../migrations/0005_truthful.sql")),
    (6, include_str!("../../migrations/0006_session8.sql")),
    (7, include_str!("../../migrations/0007_session9.sql")),
    (8, include_str!("../../migrations/0008_session11.sql")),
];

pub fn latest_schema_version() -> i64 {
    MIGRATIONS.last().map(|(v, _)| *v).unwrap_or(0)
}

/// Sets the pragmas every connection needs. Kept apart from migrations because `journal_mode`
/// cannot change inside a transaction.
fn configure(conn: &mut Connection) -> Result<()> {
    conn.busy_handler(Some(retry_while_busy()))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // WAL lets the CLI read while the app writes. In-memory databases answer "memory": fine.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    // FULL: a logged interaction is typed by hand and cannot be re-fetched from anywhere, so a
    // commit must survive a power cut; the cost is one extra fsync per write, invisible at human pace.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Reading through a memory map and a larger page cache makes the random reads of one
    // contact's history (scattered over years of interactions) several times cheaper.
    conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
    conn.pragma_update(None, "cache_size", -32 * 1024)?;
    Ok(())
}

/// How often a connection that finds the database busy tries again, until [`BUSY_TIMEOUT`].
/// SQLite's own busy handler backs off to once every 100 ms: a write of the app waiting behind
/// an import's search slices (each a short transaction with a pause after it, see
/// `store/search_index.rs`) would keep missing the pauses; trying every 2 ms, it takes the lock
/// in the first one. Waiting costs a wake-up every 2 ms, only while another program writes.
const BUSY_RETRY: std::time::Duration = std::time::Duration::from_millis(2);

/// SQLite's busy handler for a connection: `tries` counts the retries of one wait.
fn retry_while_busy() -> impl FnMut(i32) -> bool + Send + 'static {
    let mut waiting_since = std::time::Instant::now();
    move |tries| {
        let now = std::time::Instant::now();
        if tries == 0 {
            waiting_since = now;
        }
        if now.duration_since(waiting_since) >= BUSY_TIMEOUT {
            return false;
        }
        std::thread::sleep(BUSY_RETRY);
        true
    }
}

/// Opens (creating if needed) the database at `path` and brings its schema up to date. A
/// database in a folder Rapport cannot write (read-only media, a mounted backup) is opened
/// read-only instead: it can be read, and every write is refused with `read_only_database`.
pub fn open_path(path: &Path) -> Result<Connection> {
    open_path_or_read_only(path, &|_| Ok(()))
}

/// [`open_path`] with `first` run on each connection tried before anything reads the file (an
/// encrypted database gets its key there, `crypt`); it runs twice when the read-write attempt
/// meets a read-only folder.
pub(crate) fn open_path_or_read_only(path: &Path, first: &dyn Fn(&Connection) -> Result<()>) -> Result<Connection> {
    match open_path_inner(path, first, MIGRATIONS) {
        Err(e) if is_read_only_error(&e) && path.is_file() && !folder_is_writable(path) => {
            open_read_only_database(path, first)
        }
        other => other,
    }
}

/// [`open_path`], with `first` run on the connection before anything reads the file. Read-write
/// only: `first` runs once, so a read-only folder is not retried read-only here.
pub fn open_path_with(path: &Path, first: impl FnOnce(&Connection) -> Result<()>) -> Result<Connection> {
    open_path_inner(path, first, MIGRATIONS)
}

/// [`open_path`] with another list of migrations: for the migration tests, which append a
/// migration that fails half-way to check that the database is left exactly as it was.
#[doc(hidden)]
pub fn open_path_with_migrations(path: &Path, migrations: &[(i64, &str)]) -> Result<Connection> {
    open_path_inner(path, |_| Ok(()), migrations)
}

fn open_path_inner(
    path: &Path,
    first: impl FnOnce(&Connection) -> Result<()>,
    migrations: &[(i64, &str)],
) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_URI,
    )?;
    first(&conn)?;
    configure(&mut conn)?;
    migrate_with(&conn, Some(path), migrations)?;
    Ok(conn)
}

/// What SQLite answers when it cannot create the `-wal` and `-shm` files a WAL database needs, or
/// write the file itself.
fn is_read_only_error(e: &Error) -> bool {
    matches!(e, Error::Sqlite(s) if matches!(
        s.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    ))
}

/// Whether a file can be created beside `path`, which SQLite needs for the `-wal` and `-shm` of a
/// WAL database. Asked only after SQLite failed, so nothing is created on the usual path; the
/// permission bits alone would miss a read-only mount.
fn folder_is_writable(path: &Path) -> bool {
    let probe = companion(path, &format!(".write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        // Denied, a read-only file system, no space: SQLite could not create its files either.
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

/// `rapport.db` and `-wal` → `rapport.db-wal`.
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens a database file only to read it, and never creates or leaves anything beside it: for
/// backups being checked or restored, and a database on read-only media. Without a `-wal` beside
/// it, the file is opened `immutable` (no locks, no `-shm`): SQLite would otherwise create a `-wal`
/// and a `-shm` for a file marked WAL, which fails in a read-only folder ("not a readable
/// database") and is left behind elsewhere. With a `-wal`, its committed transactions must be
/// read, so SQLite opens it the usual way, read-only.
pub(crate) fn open_file_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if companion(path, "-wal").exists() {
        return Connection::open_with_flags(path, flags);
    }
    Connection::open_with_flags(immutable_uri(path), flags)
}

/// `file:` URI of `path` with `immutable=1`; every byte that could end the path or start a query
/// (`?`, `#`, `%`, spaces...) is percent-encoded.
fn immutable_uri(path: &Path) -> String {
    let text = path.as_os_str().to_string_lossy();
    // Windows: SQLite wants forward slashes, and a drive letter after a slash (`file:///C:/...`).
    let text = if cfg!(windows) { text.replace('\\', "/") } else { text.into_owned() };
    let mut uri = String::from(if text.starts_with('/') {
        "file://"
    } else if cfg!(windows) {
        "file:///"
    } else {
        "file:"
    });
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The database at `path`, in a folder Rapport cannot write, opened to be read: no migration (it
/// would write), so a file from an older Rapport is refused with a sentence.
fn open_read_only_database(path: &Path, first: &dyn Fn(&Connection) -> Result<()>) -> Result<Connection> {
    let conn = open_file_read_only(path)?;
    first(&conn)?;
    ready_to_read(conn, path)
}

/// A database another connection of this program has open read-write (the app's), opened a second
/// time only to read it: never created, migrated or written, and seeing what that connection
/// commits (not `immutable`). A file that does not exist, or whose schema is not this build's, is
/// refused.
pub fn open_path_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    ready_to_read(Connection::open_with_flags(path, flags)?, path)
}

/// The settings and checks of a connection opened read-only: no migration (it would write).
fn ready_to_read(mut conn: Connection, path: &Path) -> Result<Connection> {
    conn.busy_handler(Some(retry_while_busy()))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
    conn.pragma_update(None, "cache_size", -32 * 1024)?;
    let current = schema_version(&conn)?;
    let latest = latest_schema_version();
    let shown = path.display().to_string();
    if current > latest {
        return Err(Error::NewerSchema { path: path.to_path_buf(), found: current, supported: latest });
    }
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(Error::invalid("database", crate::Reason::ForeignDatabase { path: shown }));
    }
    if current < latest {
        return Err(Error::invalid("database", crate::Reason::ReadOnlyNeedsUpgrade { path: shown, found: current }));
    }
    Ok(conn)
}

/// An empty, fully migrated database in memory, for tests and previews.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn)?;
    migrate(&conn, None)?;
    Ok(conn)
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Applies the migrations the database lacks, all in one IMMEDIATE transaction: if any fails,
/// the database stays at the version it had, never half-way between two. Before a database that
/// holds data is touched, a copy of the file is written beside it.
pub fn migrate(conn: &Connection, path: Option<&Path>) -> Result<()> {
    migrate_with(conn, path, MIGRATIONS)
}

pub(crate) fn migrate_with(conn: &Connection, path: Option<&Path>, migrations: &[(i64, &str)]) -> Result<()> {
    let current = schema_version(conn)?;
    let latest = migrations.last().map(|(v, _)| *v).unwrap_or(0);
    if current > latest {
        return Err(Error::NewerSchema {
            path: path.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(":memory:")),
            found: current,
            supported: latest,
        });
    }
    if current == latest {
        return Ok(());
    }
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if current < 0 || (current == 0 && tables > 0) {
        // Not a new file, and no version any migration would start from: someone changed
        // `user_version` by hand, or it is another program's database. Migrating it would fail
        // half-way through the first migration with a message about its SQL; say what it is.
        let shown = path.map(|p| p.display().to_string()).unwrap_or_default();
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let reason = if app_id == APPLICATION_ID {
            crate::Reason::SchemaVersionReset { path: shown, found: current }
        } else {
            crate::Reason::ForeignDatabase { path: shown }
        };
        return Err(Error::invalid("database", reason));
    }
    let backup = match path {
        Some(p) if current > 0 => {
            let dest = backup_path_for(p, current);
            copy_database(conn, &dest)?;
            dest.display().to_string()
        }
        _ => String::from("(none: the database was empty)"),
    };
    let pending: Vec<(i64, &str)> = migrations.iter().filter(|(v, _)| *v > current).copied().collect();
    apply_all(conn, &pending).map_err(|(version, source)| Error::Migration { version, backup, source })
}

/// Runs `pending` in one transaction; on error, rolls it all back and names the failing version.
fn apply_all(conn: &Connection, pending: &[(i64, &str)]) -> std::result::Result<(), (i64, rusqlite::Error)> {
    // A migration that rebuilds a table (create new, copy, drop old, rename) must not trip or
    // cascade foreign keys half-way; the pragma is ignored inside a transaction, so it is turned
    // off first, and the keys are checked as a whole before the commit instead.
    let first = pending.first().map(|(v, _)| *v).unwrap_or(0);
    conn.pragma_update(None, "foreign_keys", false).map_err(|e| (first, e))?;
    // `Connection::transaction_with_behavior` needs `&mut`; the SQL form keeps `migrate` usable on a
    // shared connection.
    let result = conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| (first, e)).and_then(|()| {
        for (version, sql) in pending {
            conn.execute_batch(sql)
                .and_then(|_| conn.pragma_update(None, "user_version", version))
                .and_then(|_| conn.pragma_update(None, "application_id", APPLICATION_ID))
                .and_then(|_| foreign_keys_hold(conn))
                .map_err(|e| (*version, e))?;
        }
        conn.execute_batch("COMMIT").map_err(|e| (first, e))
    });
    if result.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let restored = conn.pragma_update(None, "foreign_keys", true).map_err(|e| (first, e));
    result.and(restored)
}

/// `PRAGMA foreign_key_check` as an error: a migration must leave every reference valid.
fn foreign_keys_hold(conn: &Connection) -> rusqlite::Result<()> {
    let broken: Option<String> = conn
        .query_row(
            "SELECT \"table\" || ' (references ' || parent || ')' FROM pragma_foreign_key_check LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match broken {
        None => Ok(()),
        Some(row) => Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
            Some(format!("foreign key broken by the migration in {row}")),
        )),
    }
}

/// Makes each full-text index of `conn` read its current state. FTS5 keeps an index's structure
/// in memory per connection; a query renews it, but `quick_check` compares against it as it is,
/// so on a connection that has not queried an index since another connection wrote to it (the
/// app while the CLI logs) the check reported "checksum mismatch" for an index that a fresh
/// connection finds sound. A match on each index first renews it; a failure is left for the
/// check to report.
fn refresh_full_text_indexes(conn: &Connection) {
    let Ok(mut stmt) = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'")
    else {
        return;
    };
    let names: Vec<String> = match stmt.query_map([], |r| r.get(0)) {
        Ok(rows) => rows.flatten().collect(),
        Err(_) => return,
    };
    for name in names {
        let quoted = name.replace('"', "\"\"");
        let _ =
            conn.query_row(&format!("SELECT count(*) FROM \"{quoted}\" WHERE \"{quoted}\" MATCH 'rapport'"), [], |r| {
                r.get::<_, i64>(0)
            });
    }
}

/// SQLite's `quick_check` of the database behind `conn`: `Ok` when it answers `ok`, otherwise
/// what it found (its first lines), or the error that stopped it. It reads every page, so it
/// finds a zeroed or overwritten page, but skips the costlier index-content checks of
/// `integrity_check`: about a second per few hundred megabytes.
pub fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    // One read transaction around the renewal and the check, so that no write commits between
    // them (the check then sees the state the indexes were renewed at).
    let own_transaction = conn.is_autocommit() && conn.execute_batch("BEGIN DEFERRED").is_ok();
    refresh_full_text_indexes(conn);
    let checked = run_quick_check(conn);
    if own_transaction {
        let _ = conn.execute_batch("COMMIT");
    }
    checked
}

fn run_quick_check(conn: &Connection) -> std::result::Result<(), String> {
    const LINES: usize = 3;
    let mut stmt = conn.prepare("PRAGMA quick_check").map_err(|e| e.to_string())?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    for row in rows {
        let line = row.map_err(|e| e.to_string())?;
        if line == "ok" {
            continue;
        }
        if found.len() < LINES {
            found.push(line);
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::{default_db_path, DB_ENV};
    use super::*;

    fn file_db(dir: &tempfile::TempDir) -> (PathBuf, Connection) {
        let path = dir.path().join("rapport.db");
        let conn = open_path(&path).unwrap();
        conn.execute("INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Ana', 0, 0)", []).unwrap();
        (path, conn)
    }

    fn with_extra(extra: &'static str) -> Vec<(i64, &'static str)> {
        let mut all = MIGRATIONS.to_vec();
        all.push((latest_schema_version() + 1, extra));
        all
    }

    #[test]
    fn a_rapport_database_whose_version_was_reset_is_refused_as_it_is_and_left_unchanged() {
        for reset in [0, -1] {
            let dir = tempfile::tempdir().unwrap();
            let (path, conn) = file_db(&dir);
            conn.pragma_update(None, "user_version", reset).unwrap();
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
            drop(conn);
            let before = std::fs::read(&path).unwrap();
            let err = open_path(&path).unwrap_err();
            let message = err.to_string();
            assert_eq!(err.reason().key(), "schema_version_reset", "{message}");
            assert!(message.contains(&format!("schema version is {reset}")), "{message}");
            assert!(!message.contains("CREATE TABLE") && !message.contains("was empty"), "{message}");
            assert!(message.len() < 400, "a sentence, not a migration: {message}");
            assert_eq!(std::fs::read(&path).unwrap(), before, "v{reset}: the file is unchanged");
            assert!(!backup_path_for(&path, reset).exists());
        }
    }

    /// The files beside `path` that SQLite may create: none must appear when reading read-only.
    fn companions(path: &Path) -> Vec<PathBuf> {
        ["-wal", "-shm", "-journal"].iter().map(|s| companion(path, s)).filter(|p| p.exists()).collect()
    }

    /// A closed database file marked WAL, as the app leaves it, holding one contact.
    fn closed_wal_db(dir: &tempfile::TempDir) -> PathBuf {
        let (path, conn) = file_db(dir);
        drop(conn);
        assert!(companions(&path).is_empty(), "the last connection removed its -wal and -shm");
        path
    }

    /// Read-only media (issue 17, item 12): a database in a folder that cannot be written is
    /// opened read-only (immutable: no -wal, no -shm to create), reads work, and a write is
    /// refused with a sentence. The folder is not made read-only here: tests may run as root,
    /// whom chmod does not stop; the opening is tested through its flags, and
    /// `a_database_in_a_read_only_folder_is_read_and_never_written` covers the real folder.
    #[test]
    fn a_database_opened_read_only_reads_leaves_nothing_and_refuses_writes_with_a_sentence() {
        let dir = tempfile::tempdir().unwrap();
        let path = closed_wal_db(&dir);
        let before = std::fs::read(&path).unwrap();
        let conn = open_read_only_database(&path, &|_| Ok(())).unwrap();
        let name: String = conn.query_row("SELECT display_name FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(name, "Ana");
        let err = Error::from(
            conn.execute("INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Bo', 0, 0)", [])
                .unwrap_err(),
        );
        assert_eq!((err.code(), err.reason().key()), ("read_only", "read_only_database"), "{err}");
        assert!(err.to_string().contains("cannot write") && err.to_string().contains("nothing was written"), "{err}");
        drop(conn);
        assert!(companions(&path).is_empty(), "nothing created beside it: {:?}", companions(&path));
        assert_eq!(std::fs::read(&path).unwrap(), before);

        // A file from an older Rapport would need a migration, which writes: refused, unchanged.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let err = open_read_only_database(&path, &|_| Ok(())).unwrap_err();
        assert_eq!(err.reason().key(), "read_only_needs_upgrade", "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    /// The second connection the app opens beside its own only to read (This week's): it sees
    /// what the first commits, writes nothing, and creates no file where none is.
    #[test]
    fn a_database_opened_read_only_beside_its_writer_sees_its_commits_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (path, writer) = file_db(&dir);
        let reader = open_path_read_only(&path).unwrap();
        let count = |c: &Connection| -> i64 { c.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap() };
        assert_eq!(count(&reader), 1);
        writer.execute("INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Bo', 0, 0)", []).unwrap();
        assert_eq!(count(&reader), 2, "not immutable: the writer's commit is read");
        let refused =
            reader.execute("INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Cy', 0, 0)", []);
        assert_eq!(Error::from(refused.unwrap_err()).code(), "read_only");

        let missing = dir.path().join("none.db");
        assert!(open_path_read_only(&missing).is_err());
        assert!(!missing.exists() && companions(&missing).is_empty(), "never created");
    }

    #[test]
    fn a_path_with_uri_characters_opens_immutable() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a b?c#d%e");
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("rapport.db");
        let conn = open_path(&path).unwrap();
        conn.execute("INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Ana', 0, 0)", []).unwrap();
        drop(conn);
        let conn = open_file_read_only(&path).unwrap();
        let n: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        assert_eq!(conn.path(), Some(path.to_str().unwrap()));
    }

    /// The real thing, where the tests can make a folder read-only: as root, chmod does not stop
    /// writes, so the test says so and stops (the CLI's `read_only` test runs the binary as
    /// `nobody` instead).
    #[cfg(unix)]
    #[test]
    fn a_database_in_a_read_only_folder_is_read_and_never_written() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("media");
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("rapport.db");
        let conn = open_path(&path).unwrap();
        conn.execute("INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Ana', 0, 0)", []).unwrap();
        drop(conn);
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        let restore = || std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        if folder_is_writable(&path) {
            restore();
            eprintln!("running with the right to write anywhere (root): the read-only folder cannot be tested here");
            return;
        }
        let before = std::fs::read(&path).unwrap();
        let opened = open_path(&path);
        let listed: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().map(|e| e.file_name()).collect();
        restore();
        let conn = opened.unwrap();
        let n: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        let err = Error::from(conn.execute("DELETE FROM contacts", []).unwrap_err());
        assert_eq!(err.reason().key(), "read_only_database", "{err}");
        assert_eq!(listed, [std::ffi::OsString::from("rapport.db")]);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn every_connection_gets_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let (_, conn) = file_db(&dir);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), fk), ("wal", true));
    }

    #[test]
    fn a_migration_backs_up_the_file_first_and_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = file_db(&dir);
        let migrations = with_extra("ALTER TABLE contacts ADD COLUMN pronouns TEXT;");
        migrate_with(&conn, Some(&path), &migrations).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), latest_schema_version() + 1);
        let name: String = conn.query_row("SELECT display_name FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(name, "Ana");
        let backup = Connection::open(backup_path_for(&path, latest_schema_version())).unwrap();
        assert_eq!(schema_version(&backup).unwrap(), latest_schema_version());
        let n: i64 = backup.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
    }

    #[cfg(feature = "encryption")]
    #[test]
    fn the_copy_before_migrating_an_encrypted_database_is_encrypted_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = file_db(&dir);
        conn.execute("INSERT INTO contacts (display_name, created_at, updated_at) VALUES ('Zed Secretname', 0, 0)", [])
            .unwrap();
        drop(conn);
        let keychain = crate::crypt::MemoryKeychain::default();
        crate::crypt::enable(&path, &keychain).unwrap();
        let store = crate::Store::open_with_key(&path, &keychain, None).unwrap();
        let migrations = with_extra("ALTER TABLE contacts ADD COLUMN pronouns TEXT;");
        migrate_with(store.connection(), Some(&path), &migrations).unwrap();

        let copy = backup_path_for(&path, latest_schema_version());
        assert!(!crate::crypt::has_sqlite_header(&copy).unwrap(), "the copy is not plain SQLite");
        assert!(!std::fs::read(&copy).unwrap().windows(10).any(|w| w == b"Secretname"), "no name in clear");
        let key = keychain.0.lock().unwrap().values().next().unwrap().clone();
        let backup = Connection::open(&copy).unwrap();
        backup.execute_batch(&format!("PRAGMA key = \"x'{key}'\";")).unwrap();
        assert_eq!(schema_version(&backup).unwrap(), latest_schema_version());
        let n: i64 = backup.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn a_failing_migration_leaves_the_database_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = file_db(&dir);
        // The first statement succeeds, the second fails: the first must be rolled back too.
        let migrations =
            with_extra("ALTER TABLE contacts ADD COLUMN pronouns TEXT; INSERT INTO no_such_table VALUES (1);");
        let err = migrate_with(&conn, Some(&path), &migrations).unwrap_err();
        assert_eq!(err.code(), "migration");
        assert!(err.to_string().contains(".bak"), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), latest_schema_version());
        let has_column: bool = conn
            .query_row("SELECT count(*) > 0 FROM pragma_table_info('contacts') WHERE name = 'pronouns'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(!has_column);
        assert!(backup_path_for(&path, latest_schema_version()).exists());
    }

    #[test]
    fn when_the_second_of_two_pending_migrations_fails_the_first_is_undone_too() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = file_db(&dir);
        let mut migrations = with_extra("ALTER TABLE contacts ADD COLUMN pronouns TEXT;");
        migrations.push((latest_schema_version() + 2, "INSERT INTO no_such_table VALUES (1);"));
        let err = migrate_with(&conn, Some(&path), &migrations).unwrap_err();
        assert!(matches!(err, Error::Migration { version, .. } if version == latest_schema_version() + 2), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), latest_schema_version());
        let columns: i64 = conn
            .query_row("SELECT count(*) FROM pragma_table_info('contacts') WHERE name = 'pronouns'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(columns, 0);
        let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert!(fk, "foreign keys are back on after a failed migration");
    }

    #[test]
    fn a_migration_that_breaks_a_foreign_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = file_db(&dir);
        let migrations = with_extra("INSERT INTO contact_emails (contact_id, email) VALUES (999, 'x@y.z');");
        let err = migrate_with(&conn, Some(&path), &migrations).unwrap_err();
        assert!(err.to_string().contains("foreign key"), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), latest_schema_version());
    }

    #[test]
    fn every_connection_flushes_each_commit() {
        let dir = tempfile::tempdir().unwrap();
        let (_, conn) = file_db(&dir);
        let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous = FULL");
    }

    #[test]
    fn a_busy_database_is_reported_as_such_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let (path, holder) = file_db(&dir);
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let other = open_path(&path).unwrap();
        other.busy_timeout(std::time::Duration::from_millis(20)).unwrap();
        let err = Error::from(other.execute_batch("BEGIN IMMEDIATE").unwrap_err());
        assert_eq!(err.code(), "busy");
        assert!(err.to_string().starts_with("the database is busy: another Rapport"), "{err}");
    }

    #[test]
    fn a_database_from_a_newer_rapport_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = file_db(&dir);
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = open_path(&path).unwrap_err();
        assert_eq!(err.code(), "newer_schema");
        assert!(err.to_string().contains("version 99"), "{err}");
        let conn = Connection::open(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 99);
    }

    #[test]
    fn a_foreign_sqlite_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
        let err = open_path(&path).unwrap_err();
        assert!(err.to_string().contains("did not create"), "{err}");
    }

    #[test]
    fn the_default_path_follows_the_environment_override() {
        // Tests share the process environment; no other test reads RAPPORT_DB, so this is safe.
        let before = std::env::var_os(DB_ENV);
        std::env::set_var(DB_ENV, "/tmp/somewhere/r.db");
        let p = default_db_path().unwrap();
        match before {
            Some(v) => std::env::set_var(DB_ENV, v),
            None => std::env::remove_var(DB_ENV),
        }
        assert_eq!(p, PathBuf::from("/tmp/somewhere/r.db"));
    }
}
