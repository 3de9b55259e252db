//! The database file: where it lives, its names, the files SQLite keeps beside it, and the
//! marks that say a file is Rapport's. A leaf: it opens nothing.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The app's identifier; the desktop app's data directory has this name too, so the CLI and
/// the window share one database file.
pub const APP_IDENTIFIER: &str = "org.rapport.desktop";
pub const DB_FILE_NAME: &str = "rapport.db";
/// Environment variable that overrides the default database path.
pub const DB_ENV: &str = "RAPPORT_DB";
/// Marks a SQLite file as Rapport's ("RAPP"), so another program's database is not mistaken for ours.
pub(crate) const APPLICATION_ID: i64 = 0x5241_5050;

pub use crate::error::BUSY_TIMEOUT;

/// The database path: `RAPPORT_DB` if set, otherwise `rapport.db` in the OS's app-data directory
/// (`~/.local/share/org.rapport.desktop` on Linux, `~/Library/Application Support/...` on macOS,
/// `%APPDATA%\...` on Windows).
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = dirs::data_dir()
        .ok_or_else(|| Error::invalid("database", crate::Reason::NoAppData { env: DB_ENV.to_owned() }))?;
    Ok(base.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}

/// The files SQLite keeps for the database at `db`: the file itself and its `-wal`, `-shm` and
/// `-journal` companions. Writing over any of them destroys the database.
pub fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(suffix);
        files.push(db.with_file_name(name));
    }
    files
}

/// Whether writing to `target` would write over the database at `db` or one of its companion
/// files (see [`database_files`]), whatever path leads there: a relative path, a symbolic link, a
/// hard link. A companion that does not exist yet counts too: SQLite would read a stray `-wal`.
pub fn is_database_file(db: &Path, target: &Path) -> bool {
    let target_name = resolved_name(target);
    database_files(db)
        .iter()
        .any(|file| (target_name.is_some() && resolved_name(file) == target_name) || same_inode(file, target))
}

/// `target` with its folder resolved (symbolic links, `..`, the working directory) and, when
/// `target` itself exists, resolved entirely; `None` when its folder does not exist.
fn resolved_name(target: &Path) -> Option<PathBuf> {
    if let Ok(full) = target.canonicalize() {
        return Some(full);
    }
    let name = target.file_name()?;
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    Some(parent.canonicalize().ok()?.join(name))
}

/// Two existing paths that are one file (a hard link has its own name but the same inode).
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

/// `rapport.db` at version 1 is copied to `rapport.db.v1.bak` before migrating.
pub fn backup_path_for(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
}
