//! What copying needs to know of SQLCipher, kept apart from the keys and the opening (`crypt`)
//! so that the copy a migration takes can use it without depending on opening a database:
//! whether a file is encrypted, and how to copy an encrypted database with its own key.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Reason, Result};

/// Where the wrapped key of `db` lives: `rapport.db` → `rapport.db.key.json`.
pub fn key_file_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key.json");
    PathBuf::from(name)
}

/// True when `db` is missing, empty (a database SQLite has not written yet) or starts with
/// SQLite's header; false for anything else: a SQLCipher file, a damaged header, another kind
/// of file.
pub fn has_sqlite_header(db: &Path) -> Result<bool> {
    let mut file = match std::fs::File::open(db) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(source) => return Err(Error::Io { path: db.to_path_buf(), source }),
    };
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => return Err(Error::Io { path: db.to_path_buf(), source }),
        }
    }
    Ok(read == 0 || header[..read] == b"SQLite format 3\0"[..read])
}

/// True when `db` is an encrypted Rapport database: no SQLite header, and the key file that
/// encrypting it wrote beside it. Without that key file a file is never called encrypted: it may
/// as well be damaged or something else, and saying "encrypted" would send the user the wrong way.
pub fn is_encrypted(db: &Path) -> Result<bool> {
    Ok(!has_sqlite_header(db)? && key_file_path(db).exists())
}

/// The refusal of a file that is neither a SQLite database nor an encrypted Rapport database.
pub fn not_sqlite(path: &Path) -> Error {
    let key_file = key_file_path(path).display().to_string();
    Error::invalid("database", Reason::NotSqliteFile { path: path.display().to_string(), key_file })
}

#[cfg(feature = "encryption")]
pub(crate) use enabled::{copy_with_same_key, wait_for_sqlcipher_export};

#[cfg(feature = "encryption")]
mod enabled {
    use std::path::Path;

    use rusqlite::Connection;

    use crate::error::{Error, Reason, Result};

    /// Waits until SQLCipher has registered `sqlcipher_export` for new connections. SQLCipher
    /// 4.20 marks SQLite initialised before it registers that function, so a connection opened
    /// by a second thread in that instant lacks it (seen when tests start in parallel).
    pub(crate) fn wait_for_sqlcipher_export() -> Result<()> {
        static READY: std::sync::OnceLock<()> = std::sync::OnceLock::new();
        if READY.get().is_some() {
            return Ok(());
        }
        for _ in 0..200 {
            let probe = Connection::open_in_memory()?;
            let registered: bool = probe.query_row(
                "SELECT EXISTS (SELECT 1 FROM pragma_function_list WHERE name = 'sqlcipher_export')",
                [],
                |r| r.get(0),
            )?;
            if registered {
                let _ = READY.set(());
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        Err(Error::invalid("encryption", Reason::NoSqlcipherExport {}))
    }

    /// Writes a copy of the encrypted database behind `conn` to `dest` (replaced if it exists),
    /// encrypted with the same key: SQLite's online backup refuses to copy a SQLCipher database
    /// into a plain file, and a plain copy would undo the encryption anyway. `ATTACH` without
    /// `KEY` gives the new file the main database's key; inside one transaction, the copy is one
    /// snapshot of the source.
    pub(crate) fn copy_with_same_key(conn: &Connection, dest: &Path) -> Result<()> {
        wait_for_sqlcipher_export()?;
        let _ = std::fs::remove_file(dest);
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        conn.execute("ATTACH DATABASE ?1 AS rapport_copy", [dest.display().to_string()])?;
        let own_transaction = conn.is_autocommit();
        let copied = (|| -> rusqlite::Result<()> {
            if own_transaction {
                conn.execute_batch("BEGIN")?;
            }
            conn.query_row("SELECT sqlcipher_export('rapport_copy')", [], |_| Ok(()))?;
            conn.execute_batch(&format!(
                "PRAGMA rapport_copy.user_version = {version}; PRAGMA rapport_copy.application_id = {app_id};"
            ))?;
            if own_transaction {
                conn.execute_batch("COMMIT")?;
            }
            Ok(())
        })();
        if copied.is_err() && own_transaction && !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        let _ = conn.execute_batch("DETACH DATABASE rapport_copy");
        if copied.is_err() {
            let _ = std::fs::remove_file(dest);
        }
        Ok(copied?)
    }
}
