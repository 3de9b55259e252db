//! Copying a whole database into a new file: SQLite's online backup for a plain database (safe
//! while other connections write), an encrypted copy with the same key for an encrypted one.
//! Backups and the copy taken before a migration both go through here.

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use crate::error::{Error, Reason, Result};

/// How long a backup step waits for a lock before giving up (the busy timeout covers most waits).
const STEP_RETRIES: u32 = 100;

/// Copies the database behind `conn` into `dest`, replacing what `dest` held: SQLite's online
/// backup for a plain database; for an encrypted one, an encrypted copy with the same key (see
/// `crypt::copy_with_same_key`). Also the copy `db::migrate` writes before it changes a database.
pub(crate) fn copy_database(conn: &Connection, dest: &Path) -> Result<()> {
    #[cfg(feature = "encryption")]
    if main_is_encrypted(conn) {
        return super::cipher::copy_with_same_key(conn, dest);
    }
    let mut out = Connection::open(dest)?;
    copy_all(conn, &mut out)?;
    // The copy is a page-for-page image, marked WAL like the source; a copy is read on its own,
    // perhaps from read-only media, where a WAL file cannot be opened without creating a `-wal` and
    // a `-shm` beside it. In rollback-journal mode the file alone is the whole database.
    let _mode: String = out.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    Ok(())
}

/// Whether the file behind `conn` is encrypted (an in-memory database is not).
#[cfg(feature = "encryption")]
fn main_is_encrypted(conn: &Connection) -> bool {
    conn.path().filter(|p| !p.is_empty()).is_some_and(|p| super::cipher::is_encrypted(Path::new(p)).unwrap_or(false))
}

/// Copies every page of `src` into `dst` in one step: one read snapshot of the source and one
/// write transaction on the destination.
pub(crate) fn copy_all(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    for _ in 0..STEP_RETRIES {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // Locked or busy beyond the busy timeout, or (never with -1) more to copy: try again.
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(Error::invalid("backup", Reason::StayedLocked {}))
}
